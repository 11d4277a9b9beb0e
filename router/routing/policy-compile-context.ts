import type { RawTarget } from '../config/config-schema.ts';
import type { Deployment } from '../config/deployment.ts';
import type { TargetRef } from './routing-types.ts';

/** What a strategy may use while compiling: all resolved and checked already. */
export type PolicyCompileContext = {
  routerName: string;
  toTarget: (target: RawTarget) => TargetRef;
  deployments: ReadonlyMap<string, Deployment>;
  timezone: string;
};
