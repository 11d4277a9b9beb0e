import type { Usage } from '../core/chat-result.ts';
import type { GatewayError } from '../errors/gateway-error.ts';
import type { GuardrailVerdict } from '../guardrails/guardrail-verdict.ts';
import type { RouterDecision } from '../routing/expand-plan.ts';
import type { PlanStep } from '../routing/routing-types.ts';

/** One upstream attempt's span: the headers that carry it to the upstream (`traceparent`), and its end. */
export type AttemptTrace = {
  headers: Readonly<Record<string, string>>;
  /** Ends the span when `call` settles (an error marks it failed); returns `call` as it is. */
  watch<T>(call: Promise<T>): Promise<T>;
};

/** What the request span learns at the end, from the same facts the audit row gets. */
export type TraceOutcome = {
  decisions: readonly RouterDecision[];
  step?: PlanStep | undefined;
  usage?: Usage | undefined;
  costUsd?: number | undefined;
  error?: GatewayError | undefined;
  status: number;
};

/**
 * One request's trace (`telemetry:`): a server span for the request, child spans for each router's
 * decision, the input guardrails and every upstream attempt. Undefined on the request path when
 * telemetry is off or the request is not sampled, so nothing of it runs then.
 */
export interface RequestTrace {
  attempt(step: PlanStep): AttemptTrace;
  /** Starts the input guardrails' span; the returned function ends it with their verdicts. */
  guardrails(): (verdicts: readonly GuardrailVerdict[]) => void;
  finish(outcome: TraceOutcome): void;
}

export type TraceStart = { requestId: string; requestedModel: string; clientFormat: string; path: string; headers: Readonly<Record<string, string | undefined>> };

export interface RequestTracer {
  /** A trace for the request, or undefined when it is not sampled (its `traceparent` says so, or `sample_ratio`). */
  start(request: TraceStart): RequestTrace | undefined;
  /** Exports what is still queued, then stops. */
  close(): Promise<void>;
}
