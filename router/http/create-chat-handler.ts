import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientFormatCodec, EncodeContext } from '../formats/client-format-codec.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { toUpstreamError } from '../execution/to-upstream-error.ts';
import { routeChat, routeStream, type RouteInput } from '../runtime/route-chat.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { parseTags } from '../runtime/parse-tags.ts';
import { callerKey, flattenHeaders } from './request-headers.ts';
import { routedHeaders } from './routed-headers.ts';
import { writeEventStream } from './write-event-stream.ts';

/**
 * The one handler every client API shares: parse with the codec, route, execute, encode.
 * Only the codec differs between /v1/chat/completions, /v1/messages and /v1/responses.
 */
export function createChatHandler(codec: ClientFormatCodec, services: GatewayServices) {
  return async function handleChat(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const started = performance.now();
    const runtime = services.holder.current;
    const { config } = runtime;
    const requestId = request.id;

    const keyEntry = config.server.api_keys === undefined ? undefined : config.server.api_keys.find((entry) => entry.key === callerKey(request.headers));
    if (config.server.api_keys !== undefined && keyEntry === undefined) {
      throw new GatewayError('unauthorized', 'Missing or invalid API key: send `Authorization: Bearer <key>` or `x-api-key`.');
    }

    const { value: chatRequest, warnings } = codec.parseRequest(request.body);
    const headers = flattenHeaders(request.headers);
    const tags: Record<string, string> = { ...chatRequest.metadata, ...parseTags(headers['x-switchyard-tags']), ...keyEntry?.tags };
    if (keyEntry?.tier !== undefined) tags.tier ??= keyEntry.tier;

    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const input: RouteInput = {
      runtime,
      request: chatRequest,
      headers,
      tags,
      signal: abort.signal,
      health: services.health,
      environment: services.environment,
    };
    if (services.scorer !== undefined) input.scorer = services.scorer;
    const isRouter = config.routers.has(chatRequest.requestedModel);
    const context = (model: string): EncodeContext => ({
      id: `chatcmpl-${requestId}`,
      created: Math.floor(Date.now() / 1000),
      model,
      includeUsage: chatRequest.includeUsage === true,
    });

    if (!chatRequest.stream) {
      const { execution, trace } = await routeChat(input);
      const { result, warnings: callWarnings } = execution.value;
      const model = result.reportedModel?.name ?? execution.step.providerModel;
      const overheadMs = performance.now() - started - execution.upstreamMs;
      reply.headers(routedHeaders(requestId, chatRequest.requestedModel, isRouter, execution, trace, overheadMs, [...warnings, ...callWarnings]));
      await reply.send(codec.encodeResponse(result, context(model)));
      request.log.info({ router: chatRequest.requestedModel, model: execution.step.deployment.name, attempts: execution.attempts.length }, 'routed');
      return;
    }

    const { execution, trace } = await routeStream(input);
    const { events, warnings: callWarnings } = execution.value;
    const overheadMs = performance.now() - started - execution.upstreamMs;
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...routedHeaders(requestId, chatRequest.requestedModel, isRouter, execution, trace, overheadMs, [...warnings, ...callWarnings]),
    });
    try {
      await writeEventStream(response, codec.encodeStream(events, context(execution.step.providerModel)), abort.signal);
    } catch (error) {
      // Output already reached the client: no failover now. End with an error in the client's format.
      const gatewayError = error instanceof GatewayError ? error : toUpstreamError(error);
      request.log.warn({ err: error, model: execution.step.deployment.name }, 'stream failed after the first byte');
      if (!response.destroyed) response.write(codec.encodeStreamError(gatewayError));
    }
    response.end();
    request.log.info({ router: chatRequest.requestedModel, model: execution.step.deployment.name, attempts: execution.attempts.length, stream: true }, 'routed');
  };
}
