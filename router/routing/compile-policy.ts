import type { RawRouter } from '../config/config-schema.ts';
import type { PolicyCompileContext } from './policy-compile-context.ts';
import type { RoutingPolicy } from './routing-types.ts';
import { compileSinglePolicy } from './strategies/single-strategy.ts';
import { compileFailoverPolicy } from './strategies/failover-strategy.ts';
import { compileWeightedPolicy } from './strategies/weighted-strategy.ts';
import { compileRulesPolicy } from './strategies/rules-strategy.ts';
import { compileTierPolicy } from './strategies/tier-strategy.ts';
import { compileLeastLatencyPolicy } from './strategies/least-latency-strategy.ts';
import { compileLowestCostPolicy } from './strategies/lowest-cost-strategy.ts';
import { compileSmartPolicy } from './strategies/smart-strategy.ts';
import { PolicyCompileError } from './policy-compile-error.ts';

export { PolicyCompileError };

/** One place maps a router's `strategy` to the policy that implements it. */
export function compilePolicy(router: RawRouter, context: PolicyCompileContext): RoutingPolicy {
  switch (router.strategy) {
    case 'single':
      return compileSinglePolicy(router, context);
    case 'failover':
    case 'priority':
      return compileFailoverPolicy(router, context);
    case 'weighted':
      return compileWeightedPolicy(router, context);
    case 'rules':
      return compileRulesPolicy(router, context);
    case 'tier':
      return compileTierPolicy(router, context);
    case 'least-latency':
      return compileLeastLatencyPolicy(router, context);
    case 'lowest-cost':
      return compileLowestCostPolicy(router, context);
    case 'smart':
      return compileSmartPolicy(router, context);
    default:
      throw new PolicyCompileError(`strategy '${(router as { strategy: string }).strategy}' is not available in this build`, ['strategy']);
  }
}
