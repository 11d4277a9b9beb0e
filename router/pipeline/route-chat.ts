import type { ChatRequest } from '../core/chat-request.ts';
import type { ChatResult, Usage } from '../core/chat-result.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import { unresolvedModelError } from '../errors/unresolved-model-error.ts';
import { resolveModelName } from '../routing/resolve-model-name.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { executePlan, type Execution, type ExecutionEnvironment } from '././execute-plan.ts';
import { expandPlan, type PlanTrace } from '../routing/expand-plan.ts';
import type { PlanStep, RoutingCaller, RoutingContext, Unfit } from '../routing/routing-types.ts';
import type { ProviderLimits } from '../limits/provider-limits.ts';
import type { RequestMemo } from '../signals/request-memo.ts';
import type { ClientSignal } from './client-signal.ts';
import type { HealthRegistry } from '../health/health-registry.ts';
import type { CarriedBodyEdit, CarriedRequest, ForwardedAnswer, PassthroughAdapter, PassthroughAnswer, ProviderAdapter, ProviderCall } from '../providers/provider-adapter.ts';
import type { ScorerClient } from '../scoring/scorer-client.ts';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import { providerFamilyOf } from '../providers/provider-family-of.ts';
import { foreignProviderOptionWarnings } from './foreign-provider-option-warnings.ts';
import { planGatewayParams } from './plan-gateway-params.ts';
import { responsesAdapterKey, selectOpenAIApi } from '../providers/openai-responses/select-openai-api.ts';
import { holdUntilCommit } from './hold-until-commit.ts';
import { isContentEvent } from './is-content-event.ts';
import type { RequestTrace } from '../observability/request-tracing.ts';
import type { EmbeddingRequest, EmbeddingResult } from '../core/embedding-request.ts';
import type { EmbeddingCall } from '../embeddings/embedder.ts';

export type RouteInput = {
  runtime: GatewayRuntime;
  request: ChatRequest;
  /** What is derived from the request once; the handler makes it (its token estimate also admitted the caller). */
  memo: RequestMemo;
  headers: Readonly<Record<string, string | undefined>>;
  tags: Readonly<Record<string, string>>;
  /** The client's going away (client-signal.ts). */
  signal: ClientSignal;
  health: HealthRegistry;
  environment: ExecutionEnvironment;
  /** Provider rate limits and budgets, consulted before each call. */
  limits?: ProviderLimits;
  scorer?: ScorerClient;
  /** The client's parsed JSON body, for `$` paths of rules and (deep-frozen) for same-format carry-through. */
  body?: unknown;
  /** The JSON text `body` was parsed from: a carried body's untouched members are sent as these bytes. */
  bodyText?: string;
  /** The client's allow-listed protocol headers (`anthropic-beta`…), forwarded on the same-format path. */
  protocolHeaders?: Readonly<Record<string, string>>;
  /** Later edits of a carried body (guardrails), applied after the gateway's params. */
  bodyEdits?: readonly CarriedBodyEdit[];
  /**
   * Guardrails per attempt (router/guardrails): the request to send to this step (redacted), the
   * same edits for a carried body, and whether the answer must come back translated (checked or
   * restored). Planning still reads `request`. May throw (a guardrail blocked).
   */
  guard?: { prepare(step: PlanStep): Promise<{ request: ChatRequest; bodyEdits: readonly CarriedBodyEdit[]; translate: boolean }> };
  /** Wall-clock arrival time (epoch ms), for time-of-day rules. */
  receivedAt?: number;
  /** The API key that authenticated the call: its name and tier (and its project's tier trust and tables). */
  caller?: RoutingCaller;
  /** The router or model to plan, when the caller's project resolved it (default router, downgrade); else the requested model. */
  model?: string;
  /** Takes configured secrets out of upstream error text (SecretRedactor). */
  redact?: (text: string) => string;
  /** Filled with each router's decision as the plan unfolds; pass one in to keep it when routing fails. */
  trace?: PlanTrace;
  /** The request's OpenTelemetry trace (telemetry on, sampled): a span per attempt, its context sent upstream. */
  tracing?: RequestTrace | undefined;
};

export type Routed<T> = { execution: Execution<T>; trace: PlanTrace };
/** A translated answer, or (same-format fast path) the provider's own body, untouched. */
export type ChatOutcome =
  | { kind: 'translated'; result: ChatResult; warnings: string[]; upstreamHeaders: Record<string, string> }
  | { kind: 'passthrough'; answer: PassthroughAnswer; warnings: string[]; upstreamHeaders: Record<string, string> };

/** Stream events to encode, or (same-format fast path) the provider's SSE frames as they came. */
export type StreamOpening =
  | { kind: 'events'; events: AsyncIterable<StreamEvent>; warnings: string[]; upstreamHeaders: Record<string, string> }
  | {
      kind: 'frames';
      frames: AsyncIterable<string>;
      warnings: string[];
      usage: { value: Usage | undefined };
      /** The provider's response id once its stream named it (Responses), for follow-ups. */
      responseId: { value: string | undefined };
      upstreamHeaders: Record<string, string>;
    };

/** Replays an iterator's first item, then the rest. */
function withFirst<T>(first: T, iterator: AsyncIterator<T>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        yield first;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } finally {
        // The consumer stopped early (client gone, write failed): close the upstream stream too.
        await iterator.return?.();
      }
    },
  };
}

type Guarded = { request: ChatRequest; bodyEdits: readonly CarriedBodyEdit[] };

function callFor(input: RouteInput, step: PlanStep, adapter: ProviderAdapter, signal: AbortSignal, carry: boolean, guarded?: Guarded): ProviderCall {
  const request = guarded?.request ?? input.request;
  const warnings = carry ? [] : foreignProviderOptionWarnings(request, providerFamilyOf(adapter.type), adapter.type);
  const params = planGatewayParams(step, request.params, warnings);
  const call: ProviderCall = {
    request: { ...request, params: params.merged },
    providerModel: step.providerModel,
    signal,
    timeoutMs: step.callOptions.timeoutMs,
    warnings,
    upstreamHeaders: {},
  };
  if (carry) {
    const carried: CarriedRequest = {
      body: input.body as Readonly<Record<string, unknown>>,
      headers: input.protocolHeaders ?? {},
      params: params.carried,
      edits: guarded === undefined || guarded.bodyEdits.length === 0 ? (input.bodyEdits ?? []) : [...(input.bodyEdits ?? []), ...guarded.bodyEdits],
    };
    // Assigned, not spread from a ternary: that made a throwaway object per attempt.
    if (input.bodyText !== undefined) carried.bodyText = input.bodyText;
    call.carried = carried;
  }
  return call;
}

function planFor(input: RouteInput, trace: PlanTrace): AsyncIterable<PlanStep> {
  const { config } = input.runtime;
  const name = resolveModelName(config, input.model ?? input.request.requestedModel);
  if (name === undefined) throw unresolvedModelError(input.model ?? input.request.requestedModel);
  const context: RoutingContext = {
    request: input.request,
    memo: input.memo,
    headers: input.headers,
    tags: input.tags,
    environment: input.environment,
    health: input.health,
  };
  if (input.scorer !== undefined) context.scorer = input.scorer;
  if (input.body !== undefined) context.body = input.body;
  if (input.receivedAt !== undefined) context.receivedAt = input.receivedAt;
  if (input.caller !== undefined) context.caller = input.caller;
  if (input.limits !== undefined) context.spend = input.limits;
  return expandPlan(name, config, context, trace);
}

function adapterFor(input: RouteInput, step: PlanStep) {
  const { provider, api } = step.deployment;
  const key = selectOpenAIApi(api, input.request.clientFormat) === 'responses' ? responsesAdapterKey(provider.name) : provider.name;
  const adapter = input.runtime.adapters.get(key);
  if (adapter === undefined) throw new Error(`no adapter for provider '${step.deployment.provider.name}'`);
  return adapter;
}

/** The same-format path applies: the client speaks the provider's own wire format and sent a JSON object. */
function usesPassthrough(input: RouteInput, adapter: ProviderAdapter): adapter is ProviderAdapter & { passthrough: PassthroughAdapter } {
  return (
    adapter.passthrough?.format === input.request.clientFormat &&
    input.runtime.config.server.passthrough &&
    typeof input.body === 'object' &&
    input.body !== null &&
    !Array.isArray(input.body)
  );
}

/** Extra rules of one endpoint: why a step cannot serve it (skipped like any unfit step), and whether the body is always carried. */
type RouteOptions = { unfitFor?: (adapter: ProviderAdapter, step: PlanStep) => Unfit | undefined; alwaysCarry?: boolean };

async function* markUnfit(plan: AsyncIterable<PlanStep>, unfitFor: (step: PlanStep) => Unfit | undefined): AsyncGenerator<PlanStep> {
  for await (const step of plan) {
    const unfit = step.unfit ?? unfitFor(step);
    yield unfit === undefined ? step : { ...step, unfit };
  }
}

/** Plans the request and lets the one executor walk the plan, calling `attempt` for each step. */
async function executeRoute<T>(
  input: RouteInput,
  attempt: (adapter: ProviderAdapter, call: ProviderCall, step: PlanStep) => Promise<T>,
  options: RouteOptions = {},
): Promise<Routed<T>> {
  const trace: PlanTrace = input.trace ?? { decisions: [] };
  const { unfitFor } = options;
  const planned = planFor(input, trace);
  const plan = unfitFor === undefined ? planned : markUnfit(planned, (step) => unfitFor(adapterFor(input, step), step));
  const execution = await executePlan(
    plan,
    (step, signal) => {
      const adapter = adapterFor(input, step);
      const carry = (guardedTranslate: boolean) => options.alwaysCarry === true || (!guardedTranslate && usesPassthrough(input, adapter));
      const span = input.tracing?.attempt(step);
      const send = (call: ProviderCall) => {
        if (span !== undefined) call.traceHeaders = span.headers;
        return attempt(adapter, call, step);
      };
      const sent = input.guard === undefined ? send(callFor(input, step, adapter, signal, carry(false))) : input.guard.prepare(step).then((guarded) => send(callFor(input, step, adapter, signal, carry(guarded.translate), guarded)));
      return span === undefined ? sent : span.watch(sent);
    },
    { signal: input.signal, health: input.health, environment: input.environment, admission: input.limits?.admissionFor(input.memo), redact: input.redact },
  );
  return { execution, trace };
}

/** Non-streaming: plan, execute, return the first success (or throw with every attempt). */
export function routeChat(input: RouteInput): Promise<Routed<ChatOutcome>> {
  return executeRoute<ChatOutcome>(input, async (adapter, call) => {
    if (call.carried !== undefined && adapter.passthrough !== undefined) {
      return { kind: 'passthrough', answer: await adapter.passthrough.chat(call), warnings: call.warnings, upstreamHeaders: call.upstreamHeaders ?? {} };
    }
    return { kind: 'translated', result: await adapter.chat(call), warnings: call.warnings, upstreamHeaders: call.upstreamHeaders ?? {} };
  });
}

/**
 * Streaming: a translated attempt succeeds once its first content event has arrived (the preamble
 * before it is held, then replayed), so a target that fails before any content fails over; a
 * same-format attempt once its first frame has arrived. The returned stream replays what was
 * held, then the rest.
 * A carried stream's first frame is its first content frame (the adapter holds the preamble).
 */
export function routeStream(input: RouteInput): Promise<Routed<StreamOpening>> {
  return executeRoute<StreamOpening>(input, async (adapter, call) => {
    const { warnings } = call;
    if (call.carried !== undefined && adapter.passthrough !== undefined) {
      const usage: { value: Usage | undefined } = { value: undefined };
      const responseId: { value: string | undefined } = { value: undefined };
      const options = {
        includeUsage: input.request.includeUsage === true,
        onUsage: (reported: Usage) => (usage.value = reported),
        onResponseId: (id: string) => (responseId.value = id),
      };
      const iterator = adapter.passthrough.stream(call, options)[Symbol.asyncIterator]();
      const first = await iterator.next();
      if (first.done) throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream was empty' });
      return { kind: 'frames', frames: withFirst(first.value, iterator), warnings, usage, responseId, upstreamHeaders: call.upstreamHeaders ?? {} };
    }
    // Committed at the first content, not the first event: a target that sends its preamble and
    // then fails is still failed over.
    return { kind: 'events', events: await holdUntilCommit(adapter.stream(call), isContentEvent), warnings, upstreamHeaders: call.upstreamHeaders ?? {} };
  });
}

/**
 * `/v1/responses/input_tokens` and `/v1/responses/compact`: the plan's deployments on the OpenAI
 * Responses API, in order, get the client's body (model replaced); any other deployment is skipped
 * as unfit, so a plan without one is a 400 `unsupported_feature`.
 */
export function routeResponsesEndpoint(input: RouteInput, endpoint: 'input_tokens' | 'compact'): Promise<Routed<ForwardedAnswer & { upstreamHeaders: Record<string, string> }>> {
  return executeRoute(
    input,
    async (adapter, call) => {
      if (adapter.forward === undefined) throw new Error(`adapter ${adapter.type} has no Responses endpoints`);
      const answer = await adapter.forward(call, endpoint);
      return { ...answer, upstreamHeaders: call.upstreamHeaders ?? {} };
    },
    {
      alwaysCarry: true,
      unfitFor: (adapter) => (adapter.forward === undefined ? { code: 'unsupported_feature', reason: `has no /v1/responses/${endpoint} (not on the OpenAI Responses API)` } : undefined),
    },
  );
}

/**
 * The texts as the attempt's request has them: a guardrail that redacted the input changed the
 * one user turn's text parts (one per input), so the embeddings request and the carried body's
 * `input` take those texts. Unchanged, both are returned as they are.
 */
function guardedEmbedding(embedding: EmbeddingRequest, body: Readonly<Record<string, unknown>>, request: ChatRequest): { embedding: EmbeddingRequest; body: Readonly<Record<string, unknown>> } {
  if (embedding.input.type !== 'text') return { embedding, body };
  const original = embedding.input.texts;
  const texts = (request.messages[0]?.content ?? []).flatMap((part) => (part.type === 'text' ? [part.text] : []));
  if (texts.length !== original.length || texts.every((text, index) => text === original[index])) return { embedding, body };
  return { embedding: { ...embedding, input: { type: 'text', texts } }, body: { ...body, input: typeof body.input === 'string' ? texts[0] : texts } };
}

/** An embeddings answer, with what the attempt collected for the client's headers and the audit. */
export type EmbeddingOutcome = { result: EmbeddingResult; warnings: string[]; upstreamHeaders: Record<string, string> };

/**
 * `POST /v1/embeddings`: planned by the same routers (the memo marks it an embeddings request, so
 * only `kind: embedding` models fit) and walked by the same executor, so failover, retries,
 * circuits, provider limits and budgets apply. A step whose provider has no embeddings endpoint,
 * or cannot take token-array input when that is what came, is skipped as unfit.
 */
export function routeEmbeddings(input: RouteInput, embedding: EmbeddingRequest): Promise<Routed<EmbeddingOutcome>> {
  const embedderOf = (step: PlanStep) => input.runtime.embedders.get(step.deployment.provider.name);
  const body = (input.body ?? {}) as Readonly<Record<string, unknown>>;
  return executeRoute<EmbeddingOutcome>(
    input,
    async (adapter, call, step) => {
      const embedder = embedderOf(step);
      if (embedder === undefined) throw new Error(`provider '${step.deployment.provider.name}' has no embeddings endpoint`);
      const upstreamHeaders = call.upstreamHeaders ?? {};
      const guarded = guardedEmbedding(embedding, body, call.request);
      const embeddingCall: EmbeddingCall = { request: guarded.embedding, providerModel: call.providerModel, signal: call.signal, timeoutMs: call.timeoutMs, warnings: call.warnings, upstreamHeaders, body: guarded.body };
      if (call.traceHeaders !== undefined) embeddingCall.traceHeaders = call.traceHeaders;
      return { result: await embedder.embed(embeddingCall), warnings: call.warnings, upstreamHeaders };
    },
    {
      unfitFor: (adapter, step) => {
        const embedder = embedderOf(step);
        if (embedder === undefined) return { code: 'unsupported_feature', reason: `provider type ${adapter.type} has no embeddings endpoint` };
        if (embedding.input.type === 'tokens' && !embedder.acceptsTokens) return { code: 'unsupported_feature', reason: `cannot embed token arrays (${adapter.type} takes text only)` };
        return undefined;
      },
    },
  );
}
