import type { RawRouter } from '../../config/config-schema.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import { PolicyCompileError } from '../policy-compile-error.ts';
import type { RoutingChoice, RoutingContext, RoutingPolicy } from '../routing-types.ts';

type TierRouter = Extract<RawRouter, { strategy: 'tier' }>;

export type TierSource = 'key' | 'header' | 'tag' | 'default';

/**
 * Named tiers, each a priority list (the executor falls back down it). The tier comes from the
 * caller's API key first (the operator said so; a client cannot talk its way up), else the
 * `tier_from.header` header, else the `tier_from.tag` tag; a missing or unknown tier gets
 * `default_tier`. A request naming a concrete model never reaches this policy.
 */
export function compileTierPolicy(router: TierRouter, context: PolicyCompileContext): RoutingPolicy {
  const names = Object.keys(router.tiers);
  if (names.length === 0) throw new PolicyCompileError('tier router needs at least one tier', ['tiers']);
  if (!(router.default_tier in router.tiers)) {
    throw new PolicyCompileError(`default_tier '${router.default_tier}' is not one of the tiers (${names.join(', ')})`, ['default_tier']);
  }
  const choices = new Map<string, RoutingChoice>();
  for (const [tier, targets] of Object.entries(router.tiers)) {
    if (targets.length === 0) throw new PolicyCompileError(`tier '${tier}' has no models`, ['tiers', tier]);
    choices.set(tier, Object.freeze({ targets: targets.map(context.toTarget) }));
  }
  const header = router.tier_from.header.toLowerCase();
  const tag = router.tier_from.tag;
  const fallback = choices.get(router.default_tier)!;

  const resolve = (routing: RoutingContext): { asked: string | undefined; source: TierSource } => {
    const fromKey = routing.caller?.tier;
    if (fromKey !== undefined) return { asked: fromKey, source: 'key' };
    // An authenticated caller picks its tier only where its project trusts the header.
    if (routing.caller !== undefined && routing.caller.trustTierHeader !== true) return { asked: undefined, source: 'default' };
    const fromHeader = routing.headers[header];
    if (fromHeader !== undefined && fromHeader !== '') return { asked: fromHeader.trim(), source: 'header' };
    const fromTag = routing.tags[tag];
    if (fromTag !== undefined && fromTag !== '') return { asked: fromTag, source: 'tag' };
    return { asked: undefined, source: 'default' };
  };

  return {
    strategy: 'tier',
    choose(routing) {
      const { asked, source } = resolve(routing);
      const table = routing.caller?.tierTables?.get(context.routerName);
      const own = asked === undefined ? undefined : table?.get(asked);
      const chosen = asked === undefined ? undefined : choices.get(asked);
      const tier = chosen === undefined && own === undefined ? router.default_tier : asked!;
      const detail: Record<string, unknown> = { tier, source: chosen === undefined && own === undefined ? 'default' : source };
      if (chosen === undefined && own === undefined && asked !== undefined) detail.unknown_tier = asked;
      if (own !== undefined) return { targets: [...own], detail: { ...detail, table: 'project' } };
      const projectDefault = chosen === undefined ? table?.get(router.default_tier) : undefined;
      if (projectDefault !== undefined) return { targets: [...projectDefault], detail: { ...detail, table: 'project' } };
      return { targets: (chosen ?? fallback).targets, detail };
    },
  };
}
