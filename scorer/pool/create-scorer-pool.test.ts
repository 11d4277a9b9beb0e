import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreWithShippedModel } from '../../test/support/score-with-shipped-model.ts';
import { createScorerPool, type ScorerPool } from './create-scorer-pool.ts';

const scriptedWorker = fileURLToPath(new URL('./__fixtures__/scripted-score-worker.mjs', import.meta.url));

describe('scorer pool', () => {
  const pools: ScorerPool[] = [];
  const track = (pool: ScorerPool) => (pools.push(pool), pool);
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  it('starts real workers that load the model once and score prompts', async () => {
    const pool = track(createScorerPool({ size: 1, timeoutMs: 10_000 }));
    await pool.ready();
    const short = await pool.score('What is the derivative of x^2?');
    expect(short).toMatchObject({ ok: true });
    if (!short.ok) return;
    // The worker's score is the shipped model's, as computed in this process.
    const [expected] = await scoreWithShippedModel(['What is the derivative of x^2?']);
    expect(short.difficulty).toBe(expected!.difficulty);
    expect(short.logit).toBe(expected!.logit);
    expect(short.inputTokens).toBeGreaterThan(5);
    // Beyond the featurizer's character cap the token count is an estimate, still proportional.
    const long = await pool.score('The quick brown fox jumps over the lazy dog. '.repeat(5000));
    expect(long.ok && long.inputTokens).toBeGreaterThan(40_000);
    expect(pool.metrics().outcomes.ok).toBe(2);
  });

  it('rates the task and counts the whole text when they differ', async () => {
    const pool = track(createScorerPool({ size: 1, timeoutMs: 10_000 }));
    const system = 'You are the support assistant of Acme Corp. Be polite, be brief, never promise dates. '.repeat(60);
    const [alone, withContext, whole] = await Promise.all([pool.score('hi'), pool.score(`${system}\n\nhi`, 'hi'), pool.score(`${system}\n\nhi`)]);
    if (!alone.ok || !withContext.ok || !whole.ok) throw new Error('scoring failed');
    expect(withContext.difficulty).toBe(alone.difficulty);
    expect(withContext.inputTokens).toBe(whole.inputTokens);
    expect(withContext.inputTokens).toBeGreaterThan(1000);
    // Rating the whole text instead would call a greeting hard (the length counts).
    expect(whole.difficulty).toBeGreaterThan(alone.difficulty + 0.3);
  });

  it('reports a worker that cannot load the model as a failed start, and failed scores as values', async () => {
    const pool = track(createScorerPool({ size: 1, modelPath: '/nonexistent/model.onnx' }));
    await expect(pool.ready()).rejects.toThrow(/failed to load/);
    expect(await pool.score('hello')).toMatchObject({ ok: false, reason: 'error', message: expect.stringMatching(/failed to load/) });
  });

  it('times a slow task out without waiting for it', async () => {
    const pool = track(createScorerPool({ size: 1, timeoutMs: 30, workerFile: scriptedWorker }));
    await pool.ready();
    expect(await pool.score('sleep:500')).toMatchObject({ ok: false, reason: 'timeout' });
    expect(pool.metrics().outcomes.timeout).toBe(1);
  });

  it('refuses work beyond the queue bound as overloaded', async () => {
    const pool = track(createScorerPool({ size: 1, maxQueue: 1, timeoutMs: 5_000, workerFile: scriptedWorker }));
    await pool.ready();
    const results = await Promise.all([pool.score('sleep:150'), pool.score('sleep:10'), pool.score('sleep:10'), pool.score('sleep:10')]);
    expect(results[0]).toMatchObject({ ok: true });
    expect(results.filter((result) => !result.ok && result.reason === 'overloaded').length).toBeGreaterThanOrEqual(1);
  });

  it('turns worker failures and crashes into error values', async () => {
    const pool = track(createScorerPool({ size: 1, workerFile: scriptedWorker, timeoutMs: 5_000 }));
    expect(await pool.score('fail')).toMatchObject({ ok: false, reason: 'error', message: 'scripted failure' });
    expect(await pool.score('crash')).toMatchObject({ ok: false, reason: 'error' });
    expect(await pool.score('fine')).toMatchObject({ ok: true, inputTokens: 4 });
  });

  it('answers closed after shutdown', async () => {
    const pool = createScorerPool({ size: 1, workerFile: scriptedWorker, timeoutMs: 5_000 });
    expect(await pool.score('x')).toMatchObject({ ok: true });
    await pool.close();
    expect(await pool.score('x')).toMatchObject({ ok: false, reason: 'closed' });
    await pool.close();
  });
});
