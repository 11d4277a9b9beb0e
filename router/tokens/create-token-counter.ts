import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { CountTokensResult, CountTokensTask } from './count-tokens-task.ts';

export interface TokenCounter {
  /** cl100k_base tokens of all `texts`, counted in a worker thread. Rejects if the worker fails. */
  count(texts: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

export interface TokenCounterOptions {
  /** Worker threads; default 1. */
  size?: number;
  /** The worker entry (tests inject a failing one). Default: the compiled worker, or its tsx bootstrap from the sources. */
  workerFile?: string;
}

const runsFromSources = import.meta.url.endsWith('.ts');
const defaultWorkerFile = fileURLToPath(new URL(runsFromSources ? './count-tokens-worker-bootstrap.mjs' : './count-tokens-worker.js', import.meta.url));

/**
 * Token counting off the event loop (`/v1/messages/count_tokens`): a piscina pool whose workers
 * start on the first count (a gateway that never counts never loads the tokenizer) and stay.
 */
export function createTokenCounter(options: TokenCounterOptions = {}): TokenCounter {
  const size = options.size ?? 1;
  let pool: Piscina<CountTokensTask, CountTokensResult> | undefined;
  return {
    async count(texts) {
      pool ??= new Piscina({ filename: options.workerFile ?? defaultWorkerFile, minThreads: size, maxThreads: size, idleTimeout: Number.POSITIVE_INFINITY });
      const result = await pool.run({ texts });
      if (!result.ok) throw new Error(`token counting failed: ${result.message}`);
      return result.tokens;
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
