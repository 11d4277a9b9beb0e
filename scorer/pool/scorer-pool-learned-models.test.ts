import { afterEach, describe, expect, it } from 'vitest';
import { createTextTermScorer } from '../learned/learned-gain-model.ts';
import { defaultNgramSettings } from '../learned/learned-text-features.ts';
import { createRandom } from '../training/create-random.ts';
import type { LearnedTextModel } from '../worker/score-task.ts';
import { createScorerPool, type PoolScoreResult, type ScorerPool } from './create-scorer-pool.ts';

function syntheticModel(key: string, seed: number): LearnedTextModel {
  const random = createRandom(seed);
  const { bucketCount } = defaultNgramSettings;
  const idf = Float32Array.from({ length: bucketCount }, () => 1 + random.uniform());
  const textWeights = Float32Array.from({ length: bucketCount }, () => random.normal());
  return { key, model: { ngrams: defaultNgramSettings, idf, textWeights } };
}

/** Scores until `accept` holds (broadcasts reach the workers asynchronously), at most 200 tries. */
async function scoreUntil(pool: ScorerPool, text: string, accept: (result: PoolScoreResult & { ok: true }) => boolean, task?: string) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const result = await pool.score(text, task);
    if (!result.ok) throw new Error(result.message);
    if (accept(result)) return result;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the workers never reported the expected learned models');
}

describe('scorer pool: learned models in the workers', () => {
  const pools: ScorerPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  it('computes each learned model’s text term for the rated text, as this thread does, and follows a new set', async () => {
    const pool = createScorerPool({ size: 2, timeoutMs: 10_000 });
    pools.push(pool);
    await pool.ready();
    const first = syntheticModel('pair-a-v1', 1);
    const second = syntheticModel('pair-b-v1', 2);
    pool.setLearnedModels([first, second]);
    const system = 'You are a helpful assistant of a bank. '.repeat(40);
    const rated = 'Prove that the integral of a continuous function on [0, 1] exists.';
    // Both workers: a run of results that all carry both keys.
    let seen = 0;
    const result = await scoreUntil(pool, `${system}\n${rated}`, (scored) => (scored.learnedText?.['pair-b-v1'] === undefined ? (seen = 0) : ++seen) >= 6, rated);
    expect(result.learnedText?.['pair-a-v1']).toBe(createTextTermScorer(first.model)(rated));
    expect(result.learnedText?.['pair-b-v1']).toBe(createTextTermScorer(second.model)(rated));
    expect(result.learnedText?.['pair-a-v1']).not.toBe(result.learnedText?.['pair-b-v1']);
    expect(result.learnedMs).toBeGreaterThan(0);

    // A new set replaces the old one; an empty set stops the work.
    const third = syntheticModel('pair-a-v2', 3);
    pool.setLearnedModels([third]);
    const replaced = await scoreUntil(pool, rated, (scored) => scored.learnedText?.['pair-a-v2'] !== undefined);
    expect(Object.keys(replaced.learnedText ?? {})).toEqual(['pair-a-v2']);
    expect(replaced.learnedText?.['pair-a-v2']).toBe(createTextTermScorer(third.model)(rated));
    pool.setLearnedModels([]);
    seen = 0;
    await scoreUntil(pool, rated, (scored) => (scored.learnedText === undefined ? ++seen : (seen = 0)) >= 6);
  });

  it('sends the set again to workers that started after it was broadcast', async () => {
    const pool = createScorerPool({ size: 1, timeoutMs: 10_000 });
    pools.push(pool);
    // Before the worker has loaded (and subscribed): it misses this broadcast, answers with an
    // older version, and the pool sends the set again.
    const model = syntheticModel('late', 4);
    pool.setLearnedModels([model]);
    await pool.ready();
    const result = await scoreUntil(pool, 'hello there', (scored) => scored.learnedText?.late !== undefined);
    expect(result.learnedText?.late).toBe(createTextTermScorer(model.model)('hello there'));
  });
});
