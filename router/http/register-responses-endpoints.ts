import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { openAIResponsesCodec } from '../formats/openai-responses/openai-responses-codec.ts';
import { resolveCallerModel } from '../governance/resolve-caller-model.ts';
import { routingCallerOf } from '../governance/govern-request.ts';
import { deepFreeze } from '../providers/carry/deep-freeze.ts';
import { pickProtocolHeaders } from '../providers/carry/pick-protocol-headers.ts';
import { resolveModelName } from '../routing/resolve-model-name.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { routeResponsesEndpoint, type RouteInput } from '../runtime/route-chat.ts';
import { parseTags } from '../runtime/parse-tags.ts';
import { flattenHeaders, requireApiKey } from './request-headers.ts';
import { routedHeaders } from './routed-headers.ts';
import { RequestMemo } from '../signals/request-memo.ts';

const ENDPOINTS = ['input_tokens', 'compact'] as const;

/**
 * `POST /v1/responses/input_tokens` and `POST /v1/responses/compact`: planned like `/v1/responses`
 * (the same routers, key and project allow lists), served by the first deployment of the plan on
 * the OpenAI Responses API with the client's body (model replaced) and answered with the
 * upstream's JSON as it came. A plan without such a deployment is a 400 `unsupported_feature`
 * naming each skipped one; errors are in OpenAI's shape. Not audited (nothing is generated).
 */
export function registerResponsesEndpoints(app: FastifyInstance, services: GatewayServices): void {
  for (const endpoint of ENDPOINTS) {
    app.post(`/v1/responses/${endpoint}`, { config: { codec: openAIResponsesCodec } }, async (request, reply) => {
      const started = performance.now();
      const lease = services.holder.acquire();
      try {
        const { runtime } = lease;
        const { config } = runtime;
        const caller = await requireApiKey(services, request.headers);
        if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) throw new InvalidRequestError('The request body must be a JSON object.');
        const { value: chatRequest } = openAIResponsesCodec.parseRequest(request.body);
        const routedName = resolveCallerModel(config, caller, chatRequest.requestedModel).name;
        const headers = flattenHeaders(request.headers);
        const abort = new AbortController();
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) abort.abort();
        });
        const trace: PlanTrace = { decisions: [] };
        const input: RouteInput = {
          runtime,
          request: chatRequest,
          memo: new RequestMemo(chatRequest),
          headers,
          tags: parseTags(headers['x-switchyard-tags']),
          signal: abort.signal,
          health: services.health,
          environment: services.environment,
          limits: services.limits,
          body: deepFreeze(request.body),
          protocolHeaders: pickProtocolHeaders(headers),
          trace,
          model: routedName,
        };
        if (caller !== undefined) input.caller = routingCallerOf(caller);
        const { execution } = await routeResponsesEndpoint(input, endpoint);
        const isRouter = config.routers.has(resolveModelName(config, routedName) ?? '');
        const overheadMs = performance.now() - started - execution.upstreamMs;
        reply.headers({ ...execution.value.upstreamHeaders, ...routedHeaders(request.id, chatRequest.requestedModel, isRouter, execution, trace, overheadMs, []) });
        await reply.type('application/json; charset=utf-8').send(execution.value.body);
      } finally {
        lease.release();
      }
    });
  }
}
