import type { RawRouter } from '../../config/config-schema.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import type { RoutingPolicy } from '../routing-types.ts';

type FailoverRouter = Extract<RawRouter, { strategy: 'failover' | 'priority' }>;

/** Targets in the configured order; the executor moves down the list as targets fail. */
export function compileFailoverPolicy(router: FailoverRouter, context: PolicyCompileContext): RoutingPolicy {
  const choice = Object.freeze({ targets: router.targets.map(context.toTarget) });
  return { strategy: 'failover', choose: () => choice };
}
