import type { RawRouter } from '../../config/config-schema.ts';
import type { Deployment } from '../../config/deployment.ts';
import { targetName } from '../../config/referenced-targets.ts';

type Routers = Readonly<Record<string, RawRouter>>;

/** The targets of a router in the order it would try them first, as far as config alone tells. */
function orderedTargets(router: RawRouter): string[] {
  switch (router.strategy) {
    case 'single':
      return [targetName(router.target)];
    case 'weighted':
      // The heaviest target is the one it most often tries first; zero weights never.
      return router.targets
        .map((target, index) => ({ name: targetName(target), weight: typeof target === 'string' ? 1 : (target.weight ?? 1), index }))
        .filter((entry) => entry.weight > 0)
        .sort((a, b) => b.weight - a.weight || a.index - b.index)
        .map((entry) => entry.name);
    case 'rules':
      return [targetName(router.default), ...router.rules.map((rule) => targetName(rule.use))];
    case 'tier':
      return [...(router.tiers[router.default_tier] ?? []), ...Object.values(router.tiers).flat()].map(targetName);
    case 'smart':
      return [...router.candidates];
    default:
      // failover / priority / least-latency / lowest-cost: the configured order.
      return router.targets.map(targetName);
  }
}

/**
 * The deployments a smart candidate would try, first one first: the candidate itself when it is a
 * model; for a router, its targets in its own order, nested routers flattened (failover and
 * single: as listed; weighted: heaviest first; lowest-cost: cheapest first by list price; rules:
 * the default first; tier: the default tier first). The smart router scores a router candidate
 * by the first of these that can serve the request. Cycles are rejected before policies compile;
 * a visited set guards anyway.
 */
export function smartCandidateDeployments(name: string, routers: Routers, deployments: ReadonlyMap<string, Deployment>): Deployment[] {
  const found: Deployment[] = [];
  const visit = (current: string, seen: Set<string>) => {
    const deployment = deployments.get(current);
    if (deployment !== undefined) {
      if (!found.includes(deployment)) found.push(deployment);
      return;
    }
    const router = routers[current];
    if (router === undefined || seen.has(current)) return;
    seen.add(current);
    const start = found.length;
    for (const target of orderedTargets(router)) visit(target, seen);
    if (router.strategy === 'lowest-cost') {
      const mine = found.splice(start).sort((a, b) => listPrice(a) - listPrice(b));
      found.push(...mine);
    }
    seen.delete(current);
  };
  visit(name, new Set());
  return found;
}

/** Input + output USD per million tokens; unknown prices sort last. */
function listPrice(deployment: Deployment): number {
  return deployment.price === undefined ? Number.POSITIVE_INFINITY : deployment.price.input + deployment.price.output;
}
