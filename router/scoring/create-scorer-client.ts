/**
 * The one module through which router/ reaches scorer/: a ScorerClient backed by the piscina pool.
 */
import { createScorerPool, defaultPoolSize, type ScorerPool, type ScorerPoolOptions } from '../../scorer/pool/create-scorer-pool.ts';
import type { ScorerClient, ScoreResult } from './scorer-client.ts';

export type PooledScorerClient = ScorerClient & {
  /** Resolves once every worker has loaded the tokenizer and the model. */
  ready(): Promise<void>;
  metrics(): ReturnType<ScorerPool['metrics']>;
};

export type ScorerClientOptions = ScorerPoolOptions;

export { defaultPoolSize };

export function createScorerClient(options: ScorerClientOptions = {}): PooledScorerClient {
  const pool = createScorerPool(options);
  return {
    async score(text, task): Promise<ScoreResult> {
      const result = await pool.score(text, task);
      if (!result.ok) return { ok: false, reason: result.reason, message: result.message };
      const scored: ScoreResult = { ok: true, complexity: result.difficulty, logit: result.logit, inputTokens: result.inputTokens, ms: result.ms, workerMs: result.workerMs };
      if (result.learnedText !== undefined) scored.learnedText = result.learnedText;
      return scored;
    },
    setLearnedModels: (models) => pool.setLearnedModels(models),
    ready: () => pool.ready(),
    metrics: () => pool.metrics(),
    close: () => pool.close(),
  };
}

/** The pool settings of a config's `scorer:` section. */
export function scorerClientOptions(settings: { pool_size?: number | undefined; timeout_ms: number; max_queue: number }): ScorerClientOptions {
  const options: ScorerClientOptions = { timeoutMs: settings.timeout_ms, maxQueue: settings.max_queue };
  if (settings.pool_size !== undefined) options.size = settings.pool_size;
  return options;
}
