import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDataset, trainingRows } from '../../datasets/load-dataset.ts';
import { loadModelCatalog } from '../../router/catalog/load-model-catalog.ts';
import { catalogModelProfile } from '../../router/catalog/resolve-model-profile.ts';
import { runAccuracyBenchCommand } from './accuracy-bench-command.ts';
import { evaluateRoutingFile } from './evaluate-routing-file.ts';
import { routingDatasetsAbsence } from '../../test/support/routing-datasets-absence.ts';

const modelDirectory = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'models');
/** The file below holds a prompt of the shipped model's training split, read from the datasets. */
const datasetsAbsence = routingDatasetsAbsence();
const words = ['river', 'matrix', 'garden', 'proof', 'engine', 'signal', 'harbor', 'theory', 'lantern', 'vector'];

/**
 * A file where the strong model wins exactly on the longer half of the prompts: the length
 * heuristic is near-perfect there, random is not, and the oracle is perfect. Plus one contaminated
 * row and one prompt from the shipped model's training split, which must both be left out.
 */
async function writeRoutingFile(path: string): Promise<void> {
  const rows = [];
  for (let index = 0; index < 120; index += 1) {
    const length = 3 + (index % 60);
    const prompt = `Item ${index}: ${Array.from({ length }, (_, word) => words[(index + word * 7) % words.length]).join(' ')}?`;
    const strongWins = length >= 53;
    rows.push({ id: `r${index}`, source: index % 2 === 0 ? 'even' : 'odd', prompt, scores: { strong: 1, weak: strongWins ? 0 : 1, middle: 0.5 }, costs: { strong: 0.01, weak: 0.0001, middle: 0.001 } });
  }
  rows.push({ id: 'dirty', source: 'even', prompt: 'contaminated', scores: { strong: 1, weak: 0, middle: 0 }, costs: { strong: 0.01, weak: 0.0001, middle: 0.001 }, contaminated: true });
  const seen = trainingRows(await loadDataset('routerbench_subset'))[0]!.prompt;
  rows.push({ id: 'seen', source: 'odd', prompt: seen, scores: { strong: 1, weak: 0, middle: 0 }, costs: { strong: 0.01, weak: 0.0001, middle: 0.001 } });
  await writeFile(path, rows.map((row) => JSON.stringify(row)).join('\n'));
}

describe.skipIf(datasetsAbsence !== undefined)(`evaluateRoutingFile (bench accuracy --file)${datasetsAbsence === undefined ? '' : ` — skipped: ${datasetsAbsence}`}`, () => {
  let directory: string;
  let file: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-routing-file-'));
    file = join(directory, 'rows.jsonl');
    await writeRoutingFile(file);
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('replays the pair with the shipped model, leaving out contaminated and training prompts', async () => {
    const report = await evaluateRoutingFile({ file, resamples: 100, modelDirectory });
    expect(report.evaluatedCount).toBe(120);
    expect(report.excluded).toEqual({ contaminated: 1, inTraining: 1 });
    // Default pair: the best mean score vs the cheapest other model.
    const all = report.evaluations[0]!;
    expect([all.label, all.strongModel, all.weakModel, all.promptCount]).toEqual(['all rows', 'strong', 'weak', 120]);
    expect(report.evaluations.map((evaluation) => evaluation.label)).toEqual(['all rows', 'even', 'odd']);
    const apgr = (router: string) => all.results.find((result) => result.router.startsWith(router))!.apgr.estimate;
    expect(apgr('oracle')).toBeGreaterThan(0.9);
    expect(apgr('length heuristic')).toBeGreaterThan(0.85);
    expect(apgr('random')).toBeLessThan(0.75);
    // The shipped model scores long prompts harder: it must land well above random here.
    expect(apgr('switchyard: difficulty')).toBeGreaterThan(0.75);
    expect(all.results.some((result) => result.router === 'switchyard: quality gain')).toBe(false);
    expect(report.markdown).toContain('120 of 122 rows evaluated: 1 flagged contaminated, 1 also in the shipped model\'s training splits.');
    expect(report.markdown).toContain('Pair: strong (mean 1.000) vs weak');
  });

  it('adds quality-gain routing when the catalog knows both models, with the abilities the gateway uses', async () => {
    const renamed = join(directory, 'catalog-models.jsonl');
    const text = (await readFile(file, 'utf8')).replaceAll('"strong"', '"gpt-4o"').replaceAll('"weak"', '"gpt-4o-mini"');
    await writeFile(renamed, text);
    const report = await evaluateRoutingFile({ file: renamed, resamples: 50, modelDirectory });
    const catalog = loadModelCatalog();
    const [strong, weak] = [catalogModelProfile('gpt-4o', catalog)!.ability, catalogModelProfile('gpt-4o-mini', catalog)!.ability];
    expect(report.markdown).toContain(`from models/catalog.yaml (${strong.toFixed(2)} vs ${weak.toFixed(2)})`);
    const gain = report.evaluations[0]!.results.find((result) => result.router === 'switchyard: quality gain');
    expect(gain?.apgr.estimate).toBeGreaterThan(0.6);
  });

  it('replays a file whose rows carry extra fields (an extra numeric field was once rejected: "expected array, received number")', async () => {
    const text = await readFile(file, 'utf8');
    const extended = join(directory, 'extended.jsonl');
    await writeFile(extended, text.split('\n').map((line, index) => JSON.stringify({ ...JSON.parse(line), judge_ms: index, raw_judge_scores_1to10: { strong: 9, weak: 4 } })).join('\n'));
    const report = await evaluateRoutingFile({ file: extended, resamples: 50, modelDirectory });
    const plain = await evaluateRoutingFile({ file, resamples: 50, modelDirectory });
    expect(report.evaluatedCount).toBe(120);
    expect(report.evaluations[0]!.results.map((result) => result.apgr.estimate)).toEqual(plain.evaluations[0]!.results.map((result) => result.apgr.estimate));
  });

  it('takes the pair from the caller and rejects models the file does not score', async () => {
    const report = await evaluateRoutingFile({ file, strongModel: 'middle', weakModel: 'weak', resamples: 50, modelDirectory });
    expect([report.evaluations[0]!.strongModel, report.evaluations[0]!.weakModel]).toEqual(['middle', 'weak']);
    await expect(evaluateRoutingFile({ file, strongModel: 'gpt-9', resamples: 50, modelDirectory })).rejects.toThrow("model 'gpt-9' is not in the file; it scores strong, weak, middle");
    await expect(evaluateRoutingFile({ file, strongModel: 'weak', weakModel: 'weak', resamples: 50, modelDirectory })).rejects.toThrow("the strong and the weak model are both 'weak'");
  });

  it('the command prints the report, and exits 1 with a one-line reason on bad input', async () => {
    const output: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => output.push(String(chunk)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => output.push(String(chunk)) > 0);
    try {
      expect(await runAccuracyBenchCommand(['--file', file, '--resamples', '50'])).toBe(0);
      expect(output.join('')).toContain('| switchyard: difficulty |');
      output.length = 0;
      expect(await runAccuracyBenchCommand(['--file', join(directory, 'missing.jsonl')])).toBe(1);
      expect(output.join('')).toMatch(/^switchyard bench accuracy: ENOENT/);
      output.length = 0;
      expect(await runAccuracyBenchCommand(['--file', file, '--dataset', 'routerbench_subset'])).toBe(1);
      expect(output.join('')).toContain('--file and --dataset exclude each other');
      output.length = 0;
      expect(await runAccuracyBenchCommand(['--strong', 'x'])).toBe(1);
      expect(output.join('')).toContain('--strong and --weak go with --file');
      output.length = 0;
      expect(await runAccuracyBenchCommand(['--resamples', 'many'])).toBe(1);
      expect(output.join('')).toContain("--resamples must be an integer >= 10, got 'many'");
      output.length = 0;
      expect(await runAccuracyBenchCommand(['--bogus'])).toBe(1);
      expect(output.join('')).toContain("Unknown option '--bogus'");
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
