import type { IncomingHttpHeaders } from 'node:http';
import { costOf } from '../audit/build-audit-record.ts';
import type { CompiledConfig, Deployment } from '../config/compiled-config.ts';
import type { Usage } from '../core/chat-result.ts';
import type { RoutingCaller } from '../routing/routing-types.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import type { RequestMemo } from '../signals/request-memo.ts';
import { authenticateCaller } from './authenticate-caller.ts';
import type { Caller } from './caller.ts';
import { resolveCallerModel, type CallerModel } from './resolve-caller-model.ts';

const DAY_MS = 86_400_000;

/** A governed request's admission: what serves it, and the token estimate its windows counted. */
export type CallerAdmitted = { model: CallerModel; estimatedTokens: number };

/**
 * The caller of a /v1 request (or a 401). A key used within `key_expiry_days` of its expiry raises
 * one `key_expiring` alert (claimed once across replicas with a shared store), off the request path.
 */
export async function authenticateRequest(services: GatewayServices, config: CompiledConfig, headers: IncomingHttpHeaders): Promise<Caller | undefined> {
  const now = (services.now ?? Date.now)();
  const caller = await authenticateCaller(config, services.keys?.store, headers, now);
  const expiresAt = caller?.expiresAt;
  if (caller !== undefined && expiresAt !== undefined && expiresAt - now <= config.alerts.keyExpiryDays * DAY_MS && services.keys !== undefined) {
    const alerts = services.alerts;
    void services.keys.claimExpiryAlert(caller.keyId, expiresAt).then((mine) => {
      if (mine)
        alerts?.send({ type: 'key_expiring', key_id: caller.keyId, key_name: caller.name, project: caller.project?.name ?? '', expires_at: new Date(expiresAt).toISOString() });
    });
  }
  return caller;
}

/** What routing may know of the caller: name, tier, whether its project trusts the tier header, its tier tables. */
export function routingCallerOf(caller: Caller): RoutingCaller {
  const routing: RoutingCaller = { name: caller.name, trustTierHeader: caller.project?.trustTierHeader ?? false };
  if (caller.tier !== undefined) routing.tier = caller.tier;
  if (caller.project !== undefined && caller.project.tierTables.size > 0) routing.tierTables = caller.project.tierTables;
  return routing;
}

/**
 * The request's tags with the caller's: the project's and key's tags win, and the `tier` tag is
 * the key's (or project's) tier; without one, a client's own `tier` tag is dropped unless the
 * project trusts it, so no client talks its way up a tier.
 */
export function governedTags(tags: Record<string, string>, caller: Caller | undefined): Record<string, string> {
  if (caller === undefined) return tags;
  const merged = { ...tags, ...caller.tags };
  if (caller.tier !== undefined) merged.tier = caller.tier;
  else if (caller.project?.trustTierHeader !== true && caller.tags.tier === undefined) delete merged.tier;
  return merged;
}

/**
 * Entitlements, then the key's and project's limits and budgets (key first), before any routing:
 * 403 `model_not_allowed`, 429 `rate_limited` / `budget_exceeded`, or the router to serve it by.
 */
export async function admitCaller(services: GatewayServices, config: CompiledConfig, caller: Caller | undefined, memo: RequestMemo): Promise<CallerAdmitted> {
  const { request } = memo;
  if (caller === undefined) return { model: resolveCallerModel(config, undefined, request.requestedModel), estimatedTokens: 0 };
  // Entitlements first: a model the caller may not use is refused without counting anything.
  resolveCallerModel(config, caller, request.requestedModel);
  const estimatedTokens = memo.inputTokens();
  const admission = services.callerLimits === undefined ? {} : await services.callerLimits.admit(caller, estimatedTokens);
  return { model: resolveCallerModel(config, caller, request.requestedModel, admission.routeTo), estimatedTokens };
}

/** Real usage and cost of a served call onto the caller's key and project counters. */
export function settleCaller(services: GatewayServices, caller: Caller | undefined, settled: { admittedAt: number; estimatedTokens: number; deployment: Deployment; usage: Usage }): void {
  if (caller === undefined || services.callerLimits === undefined) return;
  services.callerLimits.settle(caller, {
    admittedAt: settled.admittedAt,
    estimatedTokens: settled.estimatedTokens,
    usage: settled.usage,
    costUsd: costOf(settled.deployment, settled.usage),
  });
}
