import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRandom } from '../../scorer/training/create-random.ts';
import { runTrain } from './run-train.ts';

async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    return { code: await run(), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('switchyard train --file', () => {
  let directory: string;
  let file: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-train-'));
    file = join(directory, 'labels.jsonl');
    const random = createRandom(4);
    const topics = ['weather', 'travel', 'music', 'movies'];
    const lines = Array.from({ length: 150 }, (_, index) => {
      const hard = random.uniform() < 0.3;
      const topic = hard ? 'a stochastic integral' : topics[random.integer(topics.length)]!;
      return JSON.stringify({ id: `l${index}`, source: 'mine', prompt: `Please help (${index}) with ${topic}.`, scores: { 'gpt-4-1106-preview': 1, 'mistralai/mistral-7b-chat': hard ? 0 : 1 }, rater: 'judge' });
    });
    await writeFile(file, lines.join('\n'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reports out-of-fold APGR vs the current router and the length heuristic, writes model + card + manifest, and activates it', async () => {
    const learned = join(directory, 'learned');
    const { code, stdout } = await capture(() => runTrain(['--file', file, '--dir', learned, '--resamples', '100', '--json']));
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { outOfFold: Record<string, { estimate: number }>; guard: { activate: boolean }; activated: boolean; written: string };
    expect(Object.keys(report.outOfFold)).toEqual(['learned', 'current', 'length']);
    expect(report.outOfFold.learned!.estimate).toBeGreaterThan(report.outOfFold.current!.estimate + 0.1);
    expect(report.guard.activate).toBe(true);
    expect(report.activated).toBe(true);
    expect((await readdir(report.written)).sort()).toEqual(['learned-gain-model.json', 'manifest.json', 'model-card.md']);
    const active = JSON.parse(await readFile(join(learned, 'active.json'), 'utf8')) as { active: Record<string, string> };
    expect(Object.keys(active.active)).toEqual(['gpt-4-1106-preview > mistralai/mistral-7b-chat']);
  });

  it('--min-gain above what the labels show: the table says why it was not swapped, nothing is activated', async () => {
    const learned = join(directory, 'strict');
    const { code, stdout } = await capture(() => runTrain(['--file', file, '--dir', learned, '--resamples', '100', '--min-gain', '0.9']));
    expect(code).toBe(0);
    expect(stdout).toMatch(/\| learned \(per-pair gain model\) \| 0\.\d{3} \|/);
    expect(stdout).toMatch(/\| length heuristic \(longer → strong\) \|/);
    expect(stdout).toMatch(/Guard: not swapped: .* the guard requires a gain of at least 0\.900/);
    expect(stdout).toContain('Not activated: the current router keeps serving.');
    await expect(readFile(join(learned, 'active.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('bad input exits 1 with a one-line reason', async () => {
    expect((await capture(() => runTrain(['--file', file, '--from-labels']))).stderr).toContain('--file and --from-labels exclude each other');
    expect((await capture(() => runTrain(['--file', file, '--min-gain', 'lots']))).stderr).toContain("--min-gain must be a number, got 'lots'");
    expect((await capture(() => runTrain(['--file', file, '--strong', 'gpt-9', '--dir', join(directory, 'x')]))).stderr).toContain("model 'gpt-9' is not in the file");
  });
});
