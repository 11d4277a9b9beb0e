import type { ChatRequest } from '../core/chat-request.ts';
import type { ChatResult, Usage } from '../core/chat-result.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import { ModelNotFoundError } from '../errors/model-not-found-error.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { executePlan, type Execution, type ExecutionEnvironment } from '../execution/execute-plan.ts';
import { expandPlan, type PlanTrace } from '../routing/expand-plan.ts';
import type { PlanStep, RoutingContext } from '../routing/routing-types.ts';
import type { ProviderLimits } from '../limits/provider-limits.ts';
import type { HealthRegistry } from '../state/health-registry.ts';
import type { PassthroughAdapter, PassthroughAnswer, ProviderAdapter, ProviderCall } from '../providers/provider-adapter.ts';
import type { ScorerClient } from '../scoring/scorer-client.ts';
import type { GatewayRuntime } from './gateway-runtime.ts';
import { mergeParams } from './merge-params.ts';

export type RouteInput = {
  runtime: GatewayRuntime;
  request: ChatRequest;
  headers: Readonly<Record<string, string | undefined>>;
  tags: Readonly<Record<string, string>>;
  signal: AbortSignal;
  health: HealthRegistry;
  environment: ExecutionEnvironment;
  /** Provider rate limits and budgets, consulted before each call. */
  limits?: ProviderLimits;
  scorer?: ScorerClient;
  /** The client's parsed JSON body, for `$` paths of rules. */
  body?: unknown;
  /** Wall-clock arrival time (epoch ms), for time-of-day rules. */
  receivedAt?: number;
  /** The API key that authenticated the call: its name and tier. */
  caller?: { name: string; tier?: string };
  /** Filled with each router's decision as the plan unfolds; pass one in to keep it when routing fails. */
  trace?: PlanTrace;
};

export type Routed<T> = { execution: Execution<T>; trace: PlanTrace };
/** A translated answer, or (same-format fast path) the provider's own body, untouched. */
export type ChatOutcome =
  | { kind: 'translated'; result: ChatResult; warnings: string[]; upstreamHeaders: Record<string, string> }
  | { kind: 'passthrough'; answer: PassthroughAnswer; warnings: string[]; upstreamHeaders: Record<string, string> };

/** Stream events to encode, or (same-format fast path) the provider's SSE frames as they came. */
export type StreamOpening =
  | { kind: 'events'; events: AsyncIterable<StreamEvent>; warnings: string[]; upstreamHeaders: Record<string, string> }
  | { kind: 'frames'; frames: AsyncIterable<string>; warnings: string[]; usage: { value: Usage | undefined }; upstreamHeaders: Record<string, string> };

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

function callFor(input: RouteInput, step: PlanStep, signal: AbortSignal, warnings: string[]): ProviderCall {
  const params = mergeParams(step.defaultParams, input.request.params, step.overrideParams);
  const limit = step.deployment.maxOutputTokens;
  if (limit !== undefined && params.maxTokens !== undefined && params.maxTokens > limit) {
    warnings.push(`max_tokens ${params.maxTokens} was capped to ${limit}, the max_output_tokens of model '${step.deployment.name}'`);
    params.maxTokens = limit;
  }
  return {
    request: { ...input.request, params },
    providerModel: step.providerModel,
    signal,
    timeoutMs: step.callOptions.timeoutMs,
    warnings,
    upstreamHeaders: {},
  };
}

function planFor(input: RouteInput, trace: PlanTrace): AsyncIterable<PlanStep> {
  const { config } = input.runtime;
  const name = input.request.requestedModel;
  if (!config.routers.has(name) && !config.deployments.has(name)) throw new ModelNotFoundError(name);
  const context: RoutingContext = {
    request: input.request,
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
  const adapter = input.runtime.adapters.get(step.deployment.provider.name);
  if (adapter === undefined) throw new Error(`no adapter for provider '${step.deployment.provider.name}'`);
  return adapter;
}

/** The same-format fast path applies: the client speaks the provider's own wire format. */
function usesPassthrough(input: RouteInput, adapter: ProviderAdapter): adapter is ProviderAdapter & { passthrough: PassthroughAdapter } {
  return adapter.passthrough?.format === input.request.clientFormat && input.runtime.config.server.passthrough;
}

/** Plans the request and lets the one executor walk the plan, calling `attempt` for each step. */
async function executeRoute<T>(
  input: RouteInput,
  attempt: (adapter: ProviderAdapter, call: ProviderCall, warnings: string[]) => Promise<T>,
): Promise<Routed<T>> {
  const trace: PlanTrace = input.trace ?? { decisions: [] };
  const plan = planFor(input, trace);
  const execution = await executePlan(
    plan,
    (step, signal) => {
      const warnings: string[] = [];
      return attempt(adapterFor(input, step), callFor(input, step, signal, warnings), warnings);
    },
    { signal: input.signal, health: input.health, environment: input.environment, admission: input.limits?.admissionFor(input.request) },
  );
  return { execution, trace };
}

/** Non-streaming: plan, execute, return the first success (or throw with every attempt). */
export function routeChat(input: RouteInput): Promise<Routed<ChatOutcome>> {
  return executeRoute<ChatOutcome>(input, async (adapter, call, warnings) => {
    if (usesPassthrough(input, adapter)) {
      return { kind: 'passthrough', answer: await adapter.passthrough.chat(call), warnings, upstreamHeaders: call.upstreamHeaders ?? {} };
    }
    return { kind: 'translated', result: await adapter.chat(call), warnings, upstreamHeaders: call.upstreamHeaders ?? {} };
  });
}

/**
 * Streaming: an attempt succeeds once its first event has arrived, so everything before the first
 * byte can still fail over. The returned stream replays that event, then the rest.
 */
export function routeStream(input: RouteInput): Promise<Routed<StreamOpening>> {
  return executeRoute<StreamOpening>(input, async (adapter, call, warnings) => {
    if (usesPassthrough(input, adapter)) {
      const usage: { value: Usage | undefined } = { value: undefined };
      const options = { includeUsage: input.request.includeUsage === true, onUsage: (reported: Usage) => (usage.value = reported) };
      const iterator = adapter.passthrough.stream(call, options)[Symbol.asyncIterator]();
      const first = await iterator.next();
      if (first.done) throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream was empty' });
      return { kind: 'frames', frames: withFirst(first.value, iterator), warnings, usage, upstreamHeaders: call.upstreamHeaders ?? {} };
    }
    const iterator = adapter.stream(call)[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream was empty' });
    return { kind: 'events', events: withFirst(first.value, iterator), warnings, upstreamHeaders: call.upstreamHeaders ?? {} };
  });
}
