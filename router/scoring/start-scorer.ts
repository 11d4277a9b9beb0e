import type { CompiledConfig } from '../config/compiled-config.ts';
import { configNeedsScorer } from './config-needs-scorer.ts';
import { createScorerClient, scorerClientOptions, type PooledScorerClient, type ScorerClientOptions } from './create-scorer-client.ts';

/**
 * Starts the scorer pool when the config needs one and waits until its workers have loaded the
 * model. A pool that fails to start is still returned: every score then fails and smart routers
 * fall back to their most capable candidate, so the gateway serves anyway (with `error` set).
 * `overrides` replace pool settings the config does not hold (a test's scripted worker file).
 */
export async function startScorer(
  config: Pick<CompiledConfig, 'routers' | 'scorer'>,
  overrides: Pick<ScorerClientOptions, 'workerFile'> = {},
): Promise<{ scorer: PooledScorerClient; error?: string } | undefined> {
  if (!configNeedsScorer(config)) return undefined;
  const scorer = createScorerClient({ ...scorerClientOptions(config.scorer), ...overrides });
  try {
    await scorer.ready();
    return { scorer };
  } catch (error) {
    return { scorer, error: `scorer failed to start, smart routers will use their most capable candidate: ${(error as Error).message}` };
  }
}
