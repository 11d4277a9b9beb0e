import type { RawRouter, RawTarget } from '../config/config-schema.ts';
import type { Deployment } from '../config/deployment.ts';
import type { TargetRef } from './routing-types.ts';
import type { PairGainModel } from './strategies/smart-pair-gain.ts';
import type { ShareWindowStore } from './strategies/share-window-store.ts';

/** What a strategy may use while compiling: all resolved and checked already. */
export type PolicyCompileContext = {
  routerName: string;
  toTarget: (target: RawTarget) => TargetRef;
  deployments: ReadonlyMap<string, Deployment>;
  timezone: string;
  /** Every router of the config (cycles already rejected): a smart router scores a router candidate by the deployments it would try. */
  routers?: Readonly<Record<string, RawRouter>>;
  /** Predicted per-pair gain for smart routers; absent, the shipped scorer's IRT difference (the seam for a learned model). */
  pairGain?: PairGainModel;
  /** The gateway's smart share windows, kept across reloads; absent, each compiled router starts its own. */
  shareWindows?: ShareWindowStore;
};
