import type { RawRouter } from '../../config/config-schema.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import type { RoutingPolicy } from '../routing-types.ts';

type SingleRouter = Extract<RawRouter, { strategy: 'single' }>;

/** Always the one target. */
export function compileSinglePolicy(router: SingleRouter, context: PolicyCompileContext): RoutingPolicy {
  const choice = Object.freeze({ targets: [context.toTarget(router.target)] });
  return { strategy: 'single', choose: () => choice };
}
