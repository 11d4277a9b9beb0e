import { costOfUsage } from '../catalog/cost-of-usage.ts';
import type { Deployment } from '../config/compiled-config.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { RequestMemo } from '../signals/request-memo.ts';
import type { Usage } from '../core/chat-result.ts';
import type { Attempt } from '../errors/all-targets-failed-error.ts';
import type { GatewayError } from '../errors/gateway-error.ts';
import type { PlanStep } from '../routing/routing-types.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';
import { collectPromptText } from '../signals/collect-prompt-text.ts';
import type { RequestOutcomeKind } from '../observability/routing-stats.ts';
import type { AuditRecord } from './audit-record.ts';
import type { GuardrailVerdict } from '../guardrails/guardrail-verdict.ts';

const MAX_PROMPT_CHARACTERS = 65_536;

/** Everything known about a routed request once it is over (served, refused or failed). */
export type RequestFacts = {
  at: number;
  requestId: string;
  /** Undefined when the body could not be parsed into a request. */
  request: ChatRequest | undefined;
  /** What was derived from the request (its token estimate settles the rate windows); undefined with `request`. */
  memo?: RequestMemo | undefined;
  requestedModel: string;
  clientFormat: string;
  /** Set for a Responses sub-endpoint call (see AuditRecord.endpoint). */
  endpoint?: AuditRecord['endpoint'];
  isRouter: boolean;
  trace: PlanTrace;
  /** The step that served it, on success. */
  step?: PlanStep;
  attempts: Attempt[];
  error?: GatewayError;
  usage?: Usage;
  latencyMs: number;
  overheadMs?: number;
  caller?: string;
  /** The caller's virtual key id (`static:<name>` for a `server.api_keys` entry) and project. */
  keyId?: string;
  project?: string;
  /** The router or model that served it when that is not the requested one (a project's default router, a budget downgrade). */
  routedModel?: string;
  tags: Readonly<Record<string, string>>;
  warnings: string[];
  storePrompts: boolean;
  /** The guardrails that fired (router/guardrails), input and output. */
  guardrails?: GuardrailVerdict[];
};

export function outcomeKind(error: GatewayError | undefined): RequestOutcomeKind {
  if (error === undefined) return 'success';
  return error.statusCode < 500 ? 'rejected' : 'error';
}

/** USD for the tokens used, at the deployment's prices (cache reads and writes priced apart). */
export function costOf(deployment: Deployment, usage: Usage | undefined): number | undefined {
  if (deployment.price === undefined || usage === undefined) return undefined;
  return costOfUsage(deployment.price, usage);
}

export function buildAuditRecord(facts: RequestFacts): AuditRecord {
  const { step, error, trace } = facts;
  const record: AuditRecord = {
    at: facts.at,
    requestId: facts.requestId,
    status: outcomeKind(error),
    httpStatus: error?.statusCode ?? 200,
    requestedModel: facts.requestedModel,
    routerPath: step?.routerPath ?? trace.decisions.map((decision) => decision.router),
    decisions: trace.decisions,
    attempts: facts.attempts,
    latencyMs: facts.latencyMs,
    stream: facts.request?.stream ?? false,
    clientFormat: facts.clientFormat,
  };
  if (facts.endpoint !== undefined) record.endpoint = facts.endpoint;
  if (facts.isRouter) record.router = facts.routedModel ?? facts.requestedModel;
  if (facts.routedModel !== undefined) record.routedModel = facts.routedModel;
  const rule = step?.rule ?? trace.decisions.find((decision) => decision.rule !== undefined)?.rule;
  if (rule !== undefined) record.rule = rule;
  if (error !== undefined) {
    record.errorCode = error.code;
    record.errorMessage = error.message;
  }
  if (step !== undefined) {
    record.deployment = step.deployment.name;
    record.provider = step.deployment.provider.name;
    record.providerModel = step.providerModel;
    const cost = costOf(step.deployment, facts.usage);
    if (cost !== undefined) record.costUsd = cost;
  }
  if (facts.usage !== undefined) {
    record.inputTokens = facts.usage.inputTokens;
    record.outputTokens = facts.usage.outputTokens;
    const { cachedInputTokens, cacheCreationInputTokens, cacheCreation1hInputTokens, reasoningTokens } = facts.usage;
    if (cachedInputTokens !== undefined) record.cachedInputTokens = cachedInputTokens;
    if (cacheCreationInputTokens !== undefined) record.cacheCreationInputTokens = cacheCreationInputTokens;
    if (cacheCreation1hInputTokens !== undefined) record.cacheCreation1hInputTokens = cacheCreation1hInputTokens;
    if (reasoningTokens !== undefined) record.reasoningTokens = reasoningTokens;
  }
  if (facts.overheadMs !== undefined) record.overheadMs = facts.overheadMs;
  if (facts.caller !== undefined) record.caller = facts.caller;
  if (facts.keyId !== undefined) record.keyId = facts.keyId;
  if (facts.project !== undefined) record.project = facts.project;
  const user = facts.request?.user ?? facts.tags.user;
  if (user !== undefined) record.user = user;
  if (Object.keys(facts.tags).length > 0) record.tags = { ...facts.tags };
  if (facts.warnings.length > 0) record.warnings = facts.warnings;
  if (facts.guardrails !== undefined && facts.guardrails.length > 0) record.guardrails = facts.guardrails.map((verdict) => ({ ...verdict }));
  if (facts.storePrompts && facts.request !== undefined) record.prompt = collectPromptText(facts.request).slice(0, MAX_PROMPT_CHARACTERS);
  return record;
}
