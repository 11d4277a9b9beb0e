import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { costOf, type RequestFacts } from '../audit/build-audit-record.ts';
import { recordRequest } from '../audit/record-request.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { Usage } from '../core/chat-result.ts';
import type { Attempt } from '../errors/all-targets-failed-error.ts';
import { encodeEmbeddingsResponse } from '../embeddings/encode-embeddings-response.ts';
import { parseEmbeddingsRequest } from '../embeddings/parse-embeddings-request.ts';
import { openAIChatCodec } from '../formats/openai-chat/openai-chat-codec.ts';
import { admitCaller, authenticateRequest, governedTags, routingCallerOf, settleCaller } from '../governance/govern-request.ts';
import { deepFreeze } from '../providers/carry/deep-freeze.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';
import { resolveModelName } from '../routing/resolve-model-name.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import { parseTags } from '../runtime/parse-tags.ts';
import { routeEmbeddings, type RouteInput } from '../runtime/route-chat.ts';
import { RequestMemo } from '../signals/request-memo.ts';
import { RequestGuard } from '../guardrails/request-guard.ts';
import { verdictWarning } from '../guardrails/guardrail-verdict.ts';
import { flattenHeaders } from './request-headers.ts';
import { routedHeaders } from './routed-headers.ts';
import { toGatewayError } from './to-gateway-error.ts';

/** What the audit log and the metrics call this API. */
const EMBEDDINGS_FORMAT = 'openai-embeddings';

/**
 * `POST /v1/embeddings` (OpenAI format). Governed like a chat request: the key, its project's
 * allow list, key and project limits and budgets; routed by the same routers, executed by the
 * same executor (route-chat.ts `routeEmbeddings`); priced per input token at the model's `input`
 * price; settled, audited and counted in the metrics. Errors are in OpenAI's shape. Input
 * guardrails run as for chat (a redaction changes the texts that are embedded); output checks and
 * smart scoring have nothing to read here.
 */
export function registerEmbeddingsRoute(app: FastifyInstance, services: GatewayServices): void {
  app.post('/v1/embeddings', { config: { codec: openAIChatCodec } }, (request, reply) => handleEmbeddings(services, request, reply));
}

async function handleEmbeddings(services: GatewayServices, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const started = performance.now();
  const requestId = request.id;
  const lease = services.holder.acquire();
  const { runtime } = lease;
  const { config } = runtime;
  let caller: Awaited<ReturnType<typeof authenticateRequest>>;
  try {
    caller = await authenticateRequest(services, config, request.headers);
  } catch (error) {
    lease.release();
    throw error;
  }
  const receivedAt = (services.now ?? Date.now)();
  const headers = flattenHeaders(request.headers);
  const planTrace: PlanTrace = { decisions: [] };
  const requestedModel = typeof (request.body as { model?: unknown } | null)?.model === 'string' ? ((request.body as { model: string }).model) : '';
  const tracing = services.tracer?.start({ requestId, requestedModel, clientFormat: EMBEDDINGS_FORMAT, path: '/v1/embeddings', headers, operation: 'embeddings' });
  let routing: ChatRequest | undefined;
  let memo: RequestMemo | undefined;
  let routedName: string | undefined;
  let estimatedTokens = 0;
  let tags: Record<string, string> = {};
  let guard: RequestGuard | undefined;
  let reported = false;
  const report = (facts: Pick<RequestFacts, 'attempts' | 'warnings'> & Partial<RequestFacts>) => {
    if (facts.step !== undefined && facts.usage !== undefined) settleCaller(services, caller, { admittedAt: receivedAt, estimatedTokens, deployment: facts.step.deployment, usage: facts.usage });
    recordRequest(services, {
      at: receivedAt,
      requestId,
      request: routing,
      memo,
      requestedModel: routing?.requestedModel ?? requestedModel,
      clientFormat: EMBEDDINGS_FORMAT,
      isRouter: config.routers.has(resolveModelName(config, routedName ?? routing?.requestedModel ?? '') ?? ''),
      trace: planTrace,
      tags,
      storePrompts: config.audit.store_prompts,
      latencyMs: performance.now() - started,
      ...(caller === undefined ? {} : { caller: caller.name, keyId: caller.keyId, ...(caller.project === undefined ? {} : { project: caller.project.name }) }),
      ...(routedName === undefined ? {} : { routedModel: routedName }),
      ...(guard === undefined ? {} : { guardrails: guard.verdicts }),
      ...facts,
    });
    reported = true;
    tracing?.finish({ decisions: planTrace.decisions, step: facts.step, usage: facts.usage, costUsd: facts.step === undefined ? undefined : costOf(facts.step.deployment, facts.usage), error: facts.error, status: facts.error?.statusCode ?? 200 });
  };
  try {
    const parsed = parseEmbeddingsRequest(request.body);
    routing = parsed.routing;
    memo = new RequestMemo(parsed.routing, { embedding: true, ...(parsed.inputTokens === undefined ? {} : { inputTokens: parsed.inputTokens }) });
    tags = governedTags(parseTags(headers['x-switchyard-tags']), caller);
    const admitted = await admitCaller(services, config, caller, memo);
    estimatedTokens = admitted.estimatedTokens;
    if (admitted.model.name !== parsed.routing.requestedModel) routedName = admitted.model.name;
    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const input: RouteInput = {
      runtime,
      request: parsed.routing,
      memo,
      headers,
      tags,
      signal: abort.signal,
      health: services.health,
      environment: services.environment,
      limits: services.limits,
      body: deepFreeze(request.body),
      receivedAt,
      trace: planTrace,
      redact: (text) => services.redactor.redact(text),
      tracing,
    };
    if (caller !== undefined) input.caller = routingCallerOf(caller);
    if (RequestGuard.applies(config.guardrails)) {
      // Input guardrails as for chat (block, redact, route_to, warn): the texts are the request's one user turn.
      guard = await guardInput(services, runtime, parsed.routing, caller?.project?.name, routedName, abort.signal);
      if (guard.route !== undefined) routedName = guard.route;
      input.guard = guard;
    }
    if (routedName !== undefined) input.model = routedName;
    const { execution, trace } = await routeEmbeddings(input, parsed.embedding);
    const { result } = execution.value;
    const warnings = [...execution.value.warnings, ...(guard === undefined ? [] : [...guard.warnings, ...guard.verdicts.map(verdictWarning)])].map((warning) => services.redactor.redact(warning));
    // Providers that report no count (Gemini) are billed at the gateway's estimate.
    const usage: Usage = { inputTokens: result.inputTokens ?? memo.inputTokens(), outputTokens: 0 };
    const routed = routedName ?? parsed.routing.requestedModel;
    const isRouter = config.routers.has(resolveModelName(config, routed) ?? '');
    const overheadMs = performance.now() - started - execution.upstreamMs - execution.waitedMs;
    reply.headers({ ...execution.value.upstreamHeaders, ...routedHeaders(requestId, routed, isRouter, execution, trace, overheadMs, warnings) });
    const model = result.reportedModel ?? execution.step.providerModel;
    await reply.send(encodeEmbeddingsResponse(result.vectors, { model, inputTokens: usage.inputTokens, encodingFormat: parsed.embedding.encodingFormat }));
    request.log.info({ router: routed, model: execution.step.deployment.name, attempts: execution.attempts.length, embeddings: result.vectors.length }, 'routed');
    report({ step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings });
  } catch (error) {
    if (!reported) report({ error: toGatewayError(error, config.server.body_limit_bytes), attempts: attemptsOf(error), warnings: [] });
    throw error;
  } finally {
    lease.release();
  }
}

/** Runs the checks before routing (global, the project's, the named router's, then a `route_to` router's); throws when one blocks. */
async function guardInput(services: GatewayServices, runtime: GatewayRuntime, request: ChatRequest, project: string | undefined, routedName: string | undefined, signal: AbortSignal): Promise<RequestGuard> {
  const { config } = runtime;
  const guard = new RequestGuard(config.guardrails, request, { config, adapters: runtime.adapters, signal });
  const routerOf = (name: string) => {
    const resolved = resolveModelName(config, name);
    return resolved !== undefined && config.routers.has(resolved) ? resolved : undefined;
  };
  await guard.runInput(guard.scopeBeforeRouting(project, routerOf(routedName ?? request.requestedModel)));
  if (guard.route !== undefined) await guard.runInput(guard.scopeBeforeRouting(undefined, routerOf(guard.route)));
  return guard;
}

/** The attempts an error carries (all-failed, unservable), else none. */
function attemptsOf(error: unknown): Attempt[] {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(attempts) ? (attempts as Attempt[]) : [];
}
