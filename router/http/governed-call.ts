import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { costOf, type RequestFacts } from '../audit/build-audit-record.ts';
import { recordRequest } from '../audit/record-request.ts';
import type { AuditRecord } from '../audit/audit-record.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { Attempt } from '../errors/all-targets-failed-error.ts';
import { ClientSignal } from '../pipeline/client-signal.ts';
import type { Execution } from '../pipeline/execute-plan.ts';
import { admitCaller, authenticateRequest, governedTags, routingCallerOf, settleCaller } from '../governance/govern-request.ts';
import type { Caller } from '../governance/caller.ts';
import { verdictWarning } from '../guardrails/guardrail-verdict.ts';
import type { OutputScanner } from '../guardrails/output-scanner.ts';
import { RequestGuard } from '../guardrails/request-guard.ts';
import type { RequestTrace } from '../observability/request-tracing.ts';
import { deepFreeze } from '../providers/carry/deep-freeze.ts';
import { pickProtocolHeaders } from '../providers/carry/pick-protocol-headers.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';
import { resolveModelName } from '../routing/resolve-model-name.ts';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { parseTags } from '././parse-tags.ts';
import type { RouteInput } from '../pipeline/route-chat.ts';
import type { RequestMemo } from '../signals/request-memo.ts';
import { jsonBodyTextOf } from './json-body-text.ts';
import { flattenHeaders } from './request-headers.ts';
import { toGatewayError } from './to-gateway-error.ts';

/** What a governed endpoint is called in the audit log, the metrics and the trace. */
export type GovernedEndpoint = {
  clientFormat: string;
  /** The audit row's `endpoint`, for a Responses sub-endpoint. */
  endpoint?: AuditRecord['endpoint'];
  /** Whether a sampled request gets a trace, and its `gen_ai.operation.name`; absent: no trace. */
  trace?: { operation?: 'chat' | 'embeddings' };
};

/** What a handler reports when it is done: the audit row's facts that only it knows. */
export type CallFacts = Pick<RequestFacts, 'attempts' | 'warnings'> & Partial<RequestFacts>;

/**
 * The part every governed /v1 endpoint shares (chat, Responses sub-endpoints, embeddings): the
 * runtime lease, the key, the project's entitlements and limits, tags, the route input, the input
 * guardrails, the routed headers' facts and, whatever the outcome, one settled audit row and one
 * finished trace. The endpoint's handler parses its body and serves its answer in between.
 */
export class GovernedCall {
  readonly started: number;
  readonly requestId: string;
  readonly runtime: GatewayRuntime;
  readonly config: CompiledConfig;
  readonly caller: Caller | undefined;
  readonly receivedAt: number;
  readonly headers: Record<string, string | undefined>;
  readonly trace: PlanTrace = { decisions: [] };
  /** OpenTelemetry (`telemetry:`): undefined when off or not sampled, and then none of it runs. */
  readonly tracing: RequestTrace | undefined;
  /** The parsed request and what was derived from it; undefined until the body parsed. */
  request: ChatRequest | undefined;
  memo: RequestMemo | undefined;
  tags: Record<string, string> = {};
  /** The router or model that serves it when not the requested one (the project's default router, a budget downgrade, a guardrail's route_to). */
  routedName: string | undefined;
  /** The tokens its key and project windows counted at admission, corrected when it settles. */
  estimatedTokens = 0;
  /** The request's guardrails and the answer's scanner, when the config has any. */
  guard: RequestGuard | undefined;
  scanner: OutputScanner | undefined;
  #reported = false;
  readonly #services: GatewayServices;
  readonly #endpoint: GovernedEndpoint;
  readonly #body: unknown;
  /** The JSON text the body was parsed from (undefined when a hook replaced the body): a carried body's untouched members are sent as these bytes. */
  readonly #bodyText: string | undefined;

  constructor(services: GatewayServices, request: FastifyRequest, endpoint: GovernedEndpoint, runtime: GatewayRuntime, caller: Caller | undefined, started: number) {
    this.#services = services;
    this.#endpoint = endpoint;
    this.#body = request.body;
    this.#bodyText = jsonBodyTextOf(request);
    this.started = started;
    this.requestId = request.id;
    this.runtime = runtime;
    this.config = runtime.config;
    this.caller = caller;
    this.receivedAt = (services.now ?? Date.now)();
    this.headers = flattenHeaders(request.headers);
    this.tracing =
      endpoint.trace === undefined
        ? undefined
        : services.tracer?.start({
            requestId: this.requestId,
            requestedModel: requestedModelOf(request.body),
            clientFormat: endpoint.clientFormat,
            path: request.url.split('?')[0] ?? request.url,
            headers: this.headers,
            ...(endpoint.trace.operation === undefined ? {} : { operation: endpoint.trace.operation }),
          });
  }

  /** Entitlements, the key's and project's limits and budgets; sets the tags and the router that serves it. */
  async admit(request: ChatRequest, memo: RequestMemo): Promise<void> {
    this.request = request;
    this.memo = memo;
    // The key's and project's tags and tier are the operator's word: a client's own cannot override them.
    // parseTags makes a fresh object: without metadata it is the tags, not copied once more.
    const headerTags = parseTags(this.headers['x-switchyard-tags']);
    this.tags = governedTags(request.metadata === undefined ? headerTags : { ...request.metadata, ...headerTags }, this.caller);
    const admitted = await admitCaller(this.#services, this.config, this.caller, memo);
    this.estimatedTokens = admitted.estimatedTokens;
    if (admitted.model.name !== request.requestedModel) this.routedName = admitted.model.name;
  }

  /** A signal that aborts the upstream call when the client goes away before the answer is written. */
  abortOnClose(reply: FastifyReply): ClientSignal {
    const client = new ClientSignal();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) client.abort();
    });
    return client;
  }

  /** What routing and the executor get, after `admit`. */
  routeInput(request: ChatRequest, memo: RequestMemo, signal: ClientSignal): RouteInput {
    const services = this.#services;
    const input: RouteInput = {
      runtime: this.runtime,
      request,
      memo,
      headers: this.headers,
      tags: this.tags,
      signal,
      health: services.health,
      environment: services.environment,
      limits: services.limits,
      // Frozen: a carried body is replayed as sent on every attempt, so nothing may change it.
      body: deepFreeze(this.#body),
      protocolHeaders: pickProtocolHeaders(this.headers),
      receivedAt: this.receivedAt,
      trace: this.trace,
      redact: services.redactor.redact,
      tracing: this.tracing,
    };
    if (this.#bodyText !== undefined) input.bodyText = this.#bodyText;
    if (this.caller !== undefined) input.caller = routingCallerOf(this.caller);
    return input;
  }

  /**
   * The input guardrails before routing, whatever the request names (a router or a model): the
   * global, the project's and the named router's, then a `route_to` router's (which then serves
   * it). Undefined when the config has none; throws when one blocks.
   */
  async guardInput(request: ChatRequest, signal: ClientSignal): Promise<RequestGuard | undefined> {
    const { config } = this;
    if (!RequestGuard.applies(config.guardrails)) return undefined;
    const guard = new RequestGuard(config.guardrails, request, { config, adapters: this.runtime.adapters, signal: signal.signal });
    this.guard = guard;
    const done = this.tracing?.guardrails();
    try {
      await guard.runInput(guard.scopeBeforeRouting(this.caller?.project?.name, this.routerOf(this.routed)));
      if (guard.route !== undefined) {
        this.routedName = guard.route;
        await guard.runInput(guard.scopeBeforeRouting(undefined, this.routerOf(guard.route)));
      }
    } finally {
      done?.(guard.verdicts);
    }
    return guard;
  }

  /** The configured router a name resolves to, else undefined (a model). */
  routerOf(name: string): string | undefined {
    const resolved = resolveModelName(this.config, name);
    return resolved !== undefined && this.config.routers.has(resolved) ? resolved : undefined;
  }

  /** The router or model that serves it: the routed name, else the requested one. */
  get routed(): string {
    return this.routedName ?? this.request?.requestedModel ?? '';
  }

  /** Whether what serves it is a configured router (the routed headers and the audit say so). */
  get routedToRouter(): boolean {
    return this.config.routers.has(resolveModelName(this.config, this.routed) ?? '');
  }

  /** Gateway time so far, upstream and queueing excluded. */
  overheadMs(execution: Pick<Execution<unknown>, 'upstreamMs' | 'waitedMs'>): number {
    return performance.now() - this.started - execution.upstreamMs - execution.waitedMs;
  }

  /** What the input guardrails did, as warnings for the client's headers and the audit. */
  guardWarnings(): string[] {
    const { guard } = this;
    return guard === undefined ? [] : [...guard.warnings, ...guard.verdicts.map(verdictWarning)];
  }

  get reported(): boolean {
    return this.#reported;
  }

  /** Settles the key's and project's counters, writes the audit row and ends the trace: once per request. */
  report(facts: CallFacts): void {
    const services = this.#services;
    const { caller, guard } = this;
    if (facts.step !== undefined && facts.usage !== undefined) settleCaller(services, caller, { admittedAt: this.receivedAt, estimatedTokens: this.estimatedTokens, deployment: facts.step.deployment, usage: facts.usage });
    // Built by assignment, not conditional spreads: each spread of a ternary made a throwaway object.
    const recorded: RequestFacts = {
      at: this.receivedAt,
      requestId: this.requestId,
      request: this.request,
      memo: this.memo,
      requestedModel: this.request?.requestedModel ?? requestedModelOf(this.#body),
      clientFormat: this.#endpoint.clientFormat,
      isRouter: this.routedToRouter,
      trace: this.trace,
      tags: this.tags,
      storePrompts: this.config.audit.store_prompts,
      latencyMs: performance.now() - this.started,
      attempts: facts.attempts,
      warnings: facts.warnings,
    };
    if (this.#endpoint.endpoint !== undefined) recorded.endpoint = this.#endpoint.endpoint;
    if (caller !== undefined) {
      recorded.caller = caller.name;
      recorded.keyId = caller.keyId;
      if (caller.project !== undefined) recorded.project = caller.project.name;
    }
    if (this.routedName !== undefined) recorded.routedModel = this.routedName;
    if (guard !== undefined) recorded.guardrails = [...guard.verdicts, ...(this.scanner?.verdicts() ?? [])];
    recordRequest(services, Object.assign(recorded, facts));
    this.#reported = true;
    this.tracing?.finish({
      decisions: this.trace.decisions,
      step: facts.step,
      usage: facts.usage,
      costUsd: facts.step === undefined ? undefined : costOf(facts.step.deployment, facts.usage),
      error: facts.error,
      status: facts.error?.statusCode ?? 200,
    });
  }

  /** The failed outcome of a request not reported yet, in the client's terms. */
  fail(error: unknown): void {
    if (!this.#reported) this.report({ error: toGatewayError(error, this.config.server.body_limit_bytes), attempts: attemptsOf(error), warnings: [] });
  }
}

/**
 * Runs `serve` as one governed call: the runtime (config and connection pools) is leased to the
 * request's end, across reloads, and the key is checked against that config (a 401 before anything
 * is counted). From then on every outcome is counted in the stats and written to the audit log.
 */
export async function governCall(services: GatewayServices, request: FastifyRequest, endpoint: GovernedEndpoint, serve: (call: GovernedCall) => Promise<void>): Promise<void> {
  const started = performance.now();
  const lease = services.holder.acquire();
  let call: GovernedCall;
  try {
    const caller = await authenticateRequest(services, lease.runtime.config, request.headers);
    call = new GovernedCall(services, request, endpoint, lease.runtime, caller, started);
  } catch (error) {
    lease.release();
    throw error;
  }
  try {
    await serve(call);
  } catch (error) {
    call.fail(error);
    throw error;
  } finally {
    lease.release();
  }
}

/** The `model` of a body that did not parse into a request, for the audit. */
export function requestedModelOf(body: unknown): string {
  const model = (body as { model?: unknown } | null)?.model;
  return typeof model === 'string' ? model : '';
}

/** The attempts an error carries (all-failed, unservable), else none. */
export function attemptsOf(error: unknown): Attempt[] {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(attempts) ? (attempts as Attempt[]) : [];
}
