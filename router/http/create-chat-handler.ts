import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordRequest } from '../audit/record-request.ts';
import type { RequestFacts } from '../audit/build-audit-record.ts';
import { tapStreamUsage } from '../audit/tap-stream-usage.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { Usage } from '../core/chat-result.ts';
import type { Attempt } from '../errors/all-targets-failed-error.ts';
import type { ClientFormatCodec, EncodeContext } from '../formats/client-format-codec.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { classifyCallFailure } from '../execution/classify-call-failure.ts';
import { routeChat, routeStream, type RouteInput } from '../runtime/route-chat.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { parseTags } from '../runtime/parse-tags.ts';
import { flattenHeaders, requireApiKey } from './request-headers.ts';
import { routedHeaders } from './routed-headers.ts';
import { toGatewayError } from './to-gateway-error.ts';
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

    const keyEntry = requireApiKey(config.server.api_keys, request.headers);

    // From here on every outcome is counted in the stats and written to the audit log.
    const receivedAt = (services.now ?? Date.now)();
    const planTrace: PlanTrace = { decisions: [] };
    let parsed: ChatRequest | undefined;
    let tags: Record<string, string> = {};
    const report = (facts: Pick<RequestFacts, 'attempts' | 'warnings'> & Partial<RequestFacts>) =>
      recordRequest(services, {
        at: receivedAt,
        requestId,
        request: parsed,
        requestedModel: parsed?.requestedModel ?? requestedModelOf(request.body),
        clientFormat: codec.format,
        isRouter: config.routers.has(parsed?.requestedModel ?? ''),
        trace: planTrace,
        tags,
        storePrompts: config.audit.store_prompts,
        latencyMs: performance.now() - started,
        ...(keyEntry === undefined ? {} : { caller: keyEntry.name }),
        ...facts,
      });
    try {
      await routeAndReply();
    } catch (error) {
      report({ error: toGatewayError(error, config.server.body_limit_bytes), attempts: attemptsOf(error), warnings: [] });
      throw error;
    }

    async function routeAndReply(): Promise<void> {
      const { value: chatRequest, warnings } = codec.parseRequest(request.body);
      parsed = chatRequest;
      const headers = flattenHeaders(request.headers);
      tags = { ...chatRequest.metadata, ...parseTags(headers['x-switchyard-tags']), ...keyEntry?.tags };
      // The key's tier is the operator's word: a client's own tags cannot override it.
      if (keyEntry?.tier !== undefined) tags.tier = keyEntry.tier;

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
        limits: services.limits,
        body: request.body,
        receivedAt,
        trace: planTrace,
      };
      if (keyEntry !== undefined) input.caller = keyEntry.tier === undefined ? { name: keyEntry.name } : { name: keyEntry.name, tier: keyEntry.tier };
      if (services.scorer !== undefined) input.scorer = services.scorer;
      const isRouter = config.routers.has(chatRequest.requestedModel);
      const context = (model: string): EncodeContext => ({
        id: requestId,
        created: Math.floor(Date.now() / 1000),
        model,
        includeUsage: chatRequest.includeUsage === true,
      });

      if (!chatRequest.stream) {
        const { execution, trace } = await routeChat(input);
        const outcome = execution.value;
        const overheadMs = performance.now() - started - execution.upstreamMs;
        const allWarnings = [...warnings, ...outcome.warnings];
        reply.headers({ ...outcome.upstreamHeaders, ...routedHeaders(requestId, chatRequest.requestedModel, isRouter, execution, trace, overheadMs, allWarnings) });
        if (outcome.kind === 'passthrough') {
          // Same-format fast path: the provider's body is already in the client's format.
          await reply.type('application/json; charset=utf-8').send(outcome.answer.body);
        } else {
          const model = outcome.result.reportedModel?.name ?? execution.step.providerModel;
          await reply.send(codec.encodeResponse(outcome.result, context(model)));
        }
        request.log.info(routedLogLine(chatRequest.requestedModel, execution.step.deployment.name, execution.attempts.length, allWarnings), 'routed');
        const usage = outcome.kind === 'passthrough' ? outcome.answer.usage : outcome.result.usage;
        report({ step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings: allWarnings });
        return;
      }

      const { execution, trace } = await routeStream(input);
      const opening = execution.value;
      const callWarnings = opening.warnings;
      const overheadMs = performance.now() - started - execution.upstreamMs;
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        ...opening.upstreamHeaders,
        ...routedHeaders(requestId, chatRequest.requestedModel, isRouter, execution, trace, overheadMs, [...warnings, ...callWarnings]),
      });
      let usage: Usage | undefined;
      let streamError: GatewayError | undefined;
      try {
        if (opening.kind === 'frames') {
          // Same-format fast path: the provider's frames go out as they came.
          await writeEventStream(response, opening.frames, abort.signal);
        } else {
          const tapped = tapStreamUsage(opening.events, (reported) => (usage = reported));
          await writeEventStream(response, codec.encodeStream(tapped, context(execution.step.providerModel)), abort.signal);
        }
      } catch (error) {
        // Output already reached the client: no failover now. End with an error in the client's format.
        const gatewayError = error instanceof GatewayError ? error : classifyCallFailure(error);
        streamError = gatewayError;
        request.log[gatewayError.code === 'internal_error' ? 'error' : 'warn']({ err: gatewayError.cause ?? error, model: execution.step.deployment.name }, 'stream failed after the first byte');
        if (!response.destroyed) response.write(codec.encodeStreamError(gatewayError));
      }
      response.end();
      if (opening.kind === 'frames') usage = opening.usage.value;
      const streamWarnings = [...warnings, ...callWarnings];
      request.log.info(routedLogLine(chatRequest.requestedModel, execution.step.deployment.name, execution.attempts.length, streamWarnings, true), 'routed');
      const facts: Parameters<typeof report>[0] = { step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings: streamWarnings };
      if (streamError !== undefined) facts.error = streamError;
      report(facts);
    }
  };
}

/** The `model` of a body that did not parse into a request, for the audit. */
function requestedModelOf(body: unknown): string {
  const model = (body as { model?: unknown } | null)?.model;
  return typeof model === 'string' ? model : '';
}

/** The attempts an error carries (all-failed, unservable), else none. */
function attemptsOf(error: unknown): Attempt[] {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(attempts) ? (attempts as Attempt[]) : [];
}

/** The access line of a routed call; translation warnings (what the target could not honour) ride along when there are any. */
function routedLogLine(router: string, model: string, attempts: number, warnings: readonly string[], stream = false): Record<string, unknown> {
  const line: Record<string, unknown> = { router, model, attempts };
  if (stream) line.stream = true;
  if (warnings.length > 0) line.warnings = warnings;
  return line;
}
