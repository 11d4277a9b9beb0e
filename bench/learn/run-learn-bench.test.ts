import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRandom } from '../../scorer/training/create-random.ts';
import { runLearnBenchCommand } from './learn-bench-command.ts';
import { runLearnBench } from './run-learn-bench.ts';

const everyday = ['weather', 'recipes', 'travel', 'music', 'gardening', 'movies', 'sports'];
const hard = ['eigenvalue proof', 'recursive descent parser', 'stochastic integral'];

/** A user's traffic where only the strong model answers a few hard topics, and an extra field on each row. */
async function writeTraffic(path: string, count: number): Promise<void> {
  const random = createRandom(21);
  const lines = Array.from({ length: count }, (_, index) => {
    const isHard = random.uniform() < 0.3;
    const topic = isHard ? hard[random.integer(hard.length)]! : everyday[random.integer(everyday.length)]!;
    const strongWins = random.uniform() < 0.9 ? isHard : !isHard;
    return JSON.stringify({ id: `t${index}`, source: 'traffic', prompt: `Ticket ${index}: a question on ${topic}; also ${everyday[random.integer(everyday.length)]}.`, scores: { strong: 1, weak: strongWins ? 0 : 1 }, judge_ms: index });
  });
  await writeFile(path, lines.join('\n'));
}

describe('bench learn', () => {
  let directory: string;
  let file: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-learn-bench-'));
    file = join(directory, 'traffic.jsonl');
    await writeTraffic(file, 260);
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('--json prints { budgets: [{ n, shipped, length, learned, guarded }] }, mean APGRs over splits', async () => {
    const output: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => output.push(String(chunk)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runLearnBenchCommand(['--file', file, '--json', '--splits', '2', '--budgets', '50,100'])).toBe(0);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const report = JSON.parse(output.join('')) as { budgets: Record<string, number>[] };
    expect(Object.keys(report)).toEqual(['budgets']);
    expect(report.budgets.map((budget) => budget.n)).toEqual([50, 100]);
    for (const budget of report.budgets) {
      expect(Object.keys(budget)).toEqual(['n', 'shipped', 'length', 'learned', 'guarded']);
      for (const key of ['shipped', 'length', 'learned', 'guarded']) expect(budget[key]).toBeGreaterThan(0);
    }
    // The planted signal is in the text, which the shipped model does not read this way: learning wins.
    expect(report.budgets[1]!.learned).toBeGreaterThan(report.budgets[1]!.shipped + 0.1);
  });

  it('guarded is the learned router where the guard activated it and the shipped one elsewhere; budgets without enough rows left are skipped', async () => {
    const random = createRandom(3);
    const report = await runLearnBench({
      file,
      budgets: [100, 200],
      splits: 3,
      scoreShipped: async (prompts) => prompts.map(() => ({ logit: random.normal(), inputTokens: 20 })),
    });
    expect(report.skippedBudgets).toEqual([200]);
    const [budget] = report.budgets;
    expect(budget!.n).toBe(100);
    expect(budget!.activatedShare).toBeGreaterThan(0);
    // With every split activated, guarded = learned; with none, guarded = shipped; in between, a mix.
    if (budget!.activatedShare === 1) expect(budget!.guarded.mean).toBeCloseTo(budget!.learned.mean, 10);
    expect(budget!.guardedMinusShipped.mean).toBeCloseTo(budget!.guarded.mean - budget!.shipped.mean, 10);
    expect(budget!.guarded.mean).toBeGreaterThan(budget!.shipped.mean);
  });

  it('exits 1 with a one-line reason on bad input', async () => {
    const errors: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => errors.push(String(chunk)) > 0);
    try {
      expect(await runLearnBenchCommand([])).toBe(1);
      expect(await runLearnBenchCommand(['--file', file, '--budgets', '50,x'])).toBe(1);
      expect(await runLearnBenchCommand(['--file', join(directory, 'missing.jsonl')])).toBe(1);
    } finally {
      stderr.mockRestore();
    }
    expect(errors.join('')).toContain('--file is required');
    expect(errors.join('')).toContain("--budgets must be integers >= 10, comma-separated, got '50,x'");
    expect(errors.join('')).toMatch(/switchyard bench learn: ENOENT/);
  });
});
