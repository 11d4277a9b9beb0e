import type { CompiledConfig } from '../config/compiled-config.ts';

/**
 * True when some router needs prompt difficulty: a `smart` router, or a policy that says it reads
 * `complexity` (a rules router whose conditions name it sets `usesComplexity` on its policy).
 */
export function configNeedsScorer(config: Pick<CompiledConfig, 'routers'>): boolean {
  for (const router of config.routers.values()) {
    if (router.strategy === 'smart') return true;
    if ((router.policy as { usesComplexity?: boolean }).usesComplexity === true) return true;
  }
  return false;
}
