import type { RawRouter } from '../../config/config-schema.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import { PolicyCompileError } from '../policy-compile-error.ts';
import type { RoutingPolicy, TargetRef } from '../routing-types.ts';

type WeightedRouter = Extract<RawRouter, { strategy: 'weighted' }>;

/**
 * Picks one target with probability weight / total, using the injected random source.
 * With `failover: true` (the default) the other targets follow, heaviest first, as fallbacks.
 */
export function compileWeightedPolicy(router: WeightedRouter, context: PolicyCompileContext): RoutingPolicy {
  const targets = router.targets.map(context.toTarget);
  const weights = targets.map((target) => target.weight ?? 1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total <= 0) throw new PolicyCompileError('weights must not all be zero', ['targets']);
  // Cumulative bounds, computed once.
  const bounds: number[] = [];
  let running = 0;
  for (const weight of weights) {
    running += weight / total;
    bounds.push(running);
  }
  const byWeight = targets
    .map((target, index) => ({ target, weight: weights[index]! }))
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((entry) => entry.target);

  return {
    strategy: 'weighted',
    choose: ({ environment }) => {
      const draw = environment.random();
      let index = bounds.findIndex((bound) => draw < bound);
      if (index < 0) index = bounds.length - 1;
      while (weights[index] === 0) index = (index + 1) % weights.length;
      const chosen = targets[index]!;
      const ordered: TargetRef[] = router.failover ? [chosen, ...byWeight.filter((target) => target !== chosen)] : [chosen];
      return { targets: ordered, detail: { draw, chosen: chosen.name } };
    },
  };
}
