import type { RawRouter, RawTarget } from './config-schema.ts';

/** Every target a router may send to, with the key path where it is written. */
export function referencedTargets(router: RawRouter): Array<{ target: RawTarget; path: Array<string | number> }> {
  switch (router.strategy) {
    case 'single':
      return [{ target: router.target, path: ['target'] }];
    case 'failover':
    case 'priority':
    case 'weighted':
    case 'least-latency':
    case 'lowest-cost':
      return router.targets.map((target, index) => ({ target, path: ['targets', index] }));
    case 'smart':
      return router.candidates.map((target, index) => ({ target, path: ['candidates', index] }));
    case 'rules':
      return [
        ...router.rules.map((rule, index) => ({ target: rule.use, path: ['rules', index, 'use'] })),
        { target: router.default, path: ['default'] },
      ];
    case 'tier':
      return Object.entries(router.tiers).flatMap(([tier, targets]) =>
        targets.map((target, index) => ({ target, path: ['tiers', tier, index] })),
      );
  }
}

export function targetName(target: RawTarget): string {
  return typeof target === 'string' ? target : target.use;
}
