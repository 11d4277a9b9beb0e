import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as the client sent it and the value it parsed to (set by build-app's parser). */
    jsonBody: { text: string; value: unknown } | null;
  }
}

/** Gives every request the `jsonBody` slot (null until the JSON parser fills it). */
export function decorateJsonBody(app: FastifyInstance): void {
  app.decorateRequest('jsonBody', null);
}

/**
 * The text the request's body was parsed from, when the body is still the value parsed from it
 * (no hook replaced it): a carried body's untouched members are sent as these bytes.
 */
export function jsonBodyTextOf(request: FastifyRequest): string | undefined {
  const { jsonBody } = request;
  return jsonBody !== null && jsonBody.value === request.body ? jsonBody.text : undefined;
}
