import type { Attempt } from '../errors/all-targets-failed-error.ts';
import type { RouterDecision } from '../routing/expand-plan.ts';
import type { RequestOutcomeKind } from '../observability/routing-stats.ts';
import type { GuardrailVerdict } from '../guardrails/guardrail-verdict.ts';

/**
 * One routed request in the audit log: why it went where it went (every router's decision, with
 * its detail: matched rule and the signals read, tier, candidate scores when smart), each attempt
 * and its outcome, what served it, usage, cost and latency. Never a credential or header value;
 * the prompt only when `audit.store_prompts` is on.
 */
export type AuditRecord = {
  /** Assigned by the store, increasing. */
  id?: number;
  /** The gateway replica that served it (`store.replica`; set by the postgres store on read). */
  replica?: string;
  /** Epoch ms the request arrived. */
  at: number;
  requestId: string;
  status: RequestOutcomeKind;
  httpStatus: number;
  errorCode?: string;
  /** The client-safe error message. */
  errorMessage?: string;
  /** The `model` the client asked for. */
  requestedModel: string;
  /** The requested router, when the model named one. */
  router?: string;
  /** Routers walked to the deployment that served it (or to the last decision), outermost first. */
  routerPath: string[];
  /** The rule that matched along the path, if any. */
  rule?: string;
  decisions: RouterDecision[];
  attempts: Attempt[];
  deployment?: string;
  provider?: string;
  providerModel?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** Of the input tokens: read from the provider's prompt cache, written to it (all TTLs), written with the 1-hour TTL. */
  cachedInputTokens?: number;
  cacheCreationInputTokens?: number;
  cacheCreation1hInputTokens?: number;
  /** Of the output tokens, those spent reasoning. */
  reasoningTokens?: number;
  /** price × tokens, cache reads and writes priced apart, when the deployment has a price. */
  costUsd?: number;
  latencyMs: number;
  overheadMs?: number;
  stream: boolean;
  clientFormat: string;
  /** A call other than a generation: the Responses sub-endpoint `input_tokens` (not billed) or `compact` (a billed model call). */
  endpoint?: 'responses/input_tokens' | 'responses/compact';
  /** The name of the gateway API key used, never the key. */
  caller?: string;
  /** The virtual key's id (not secret; `static:<name>` for a config key) and its project. */
  keyId?: string;
  project?: string;
  /** The end user: the request's `user` field, else the `user` tag. */
  user?: string;
  /** What served it when not the requested name: the project's default router, a budget downgrade. */
  routedModel?: string;
  tags?: Record<string, string>;
  warnings?: string[];
  /** Guardrails that fired: name, detector, action, stage, match count (never the matched text). */
  guardrails?: GuardrailVerdict[];
  prompt?: string;
};

/** What `GET /admin/decisions` and `switchyard audit tail` may ask for; newest first. */
export type AuditFilter = {
  /** A router anywhere on the path. */
  router?: string;
  rule?: string;
  status?: RequestOutcomeKind;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** Only records with a larger id (for following). */
  afterId?: number;
  limit?: number;
};

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

/** Whether a record passes a filter (the in-memory store's WHERE). */
export function matchesAuditFilter(record: AuditRecord, filter: AuditFilter): boolean {
  if (filter.router !== undefined && record.router !== filter.router && !record.routerPath.includes(filter.router)) return false;
  if (filter.rule !== undefined && record.rule !== filter.rule) return false;
  if (filter.status !== undefined && record.status !== filter.status) return false;
  if (filter.since !== undefined && record.at < filter.since) return false;
  if (filter.until !== undefined && record.at >= filter.until) return false;
  if (filter.afterId !== undefined && (record.id ?? 0) <= filter.afterId) return false;
  return true;
}
