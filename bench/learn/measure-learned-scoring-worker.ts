/**
 * `node --import tsx bench/learn/measure-learned-scoring-worker.ts [prompts]`: the learned per-pair
 * gain model's n-gram half inside the scorer's worker, as the gateway runs it. Two one-worker pools,
 * one holding a learned model (`setLearnedModels`) and one without, get the same real dataset
 * prompts one at a time, interleaved (each prompt to one pool, then the other), so both see the
 * same machine. Reported by prompt length: the learned model's own time in the worker (p50 / p99),
 * each pool's in-worker time and event-loop round trip. The model is fitted on synthetic labels
 * first: its weights do not change the cost, its bucket count and the text cap do.
 * Writes bench/learn/results/learned-scoring-worker.json.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { datasetNames } from '../../datasets/dataset-registry.ts';
import { loadDataset } from '../../datasets/load-dataset.ts';
import { buildGainDesign, fitGainModel } from '../../router/learning/training/train-gain-model.ts';
import { createScorerPool } from '../../scorer/pool/create-scorer-pool.ts';
import { createRandom } from '../../scorer/training/create-random.ts';

const count = Number(process.argv[2] ?? 1_500);
const percentile = (values: number[], quantile: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!.toFixed(3));
};

const rows = (await Promise.all(datasetNames.map((name) => loadDataset(name)))).flat();
const corpus = rows.map((row) => row.prompt).join('\n\n');
const promptsOf = (length: number, total: number) =>
  Array.from({ length: total }, (_, index) => {
    const start = (index * 7_919) % Math.max(1, corpus.length - length);
    return `${index} ${corpus.slice(start, start + length)}`.slice(0, length);
  });

const random = createRandom(5);
const examples = promptsOf(1_500, 200).map((text) => ({ text, prior: random.uniform(), logit: random.normal(), inputTokens: text.length / 4, gain: random.uniform() < 0.3 ? 1 : 0 }));
const { model } = fitGainModel(buildGainDesign(examples), { strongModel: 'strong', weakModel: 'weak' });

const plain = createScorerPool({ size: 1, timeoutMs: 10_000 });
const learned = createScorerPool({ size: 1, timeoutMs: 10_000 });
await Promise.all([plain.ready(), learned.ready()]);
learned.setLearnedModels([{ key: 'bench', model }]);
const loadBefore = loadavg();

const results: Record<string, unknown>[] = [];
for (const length of [200, 2_000, 20_000]) {
  const prompts = promptsOf(length, count + 300);
  for (const prompt of prompts.slice(count)) await Promise.all([plain.score(prompt), learned.score(prompt)]);
  const measured = { learnedMs: [] as number[], withWorkerMs: [] as number[], withoutWorkerMs: [] as number[], withRoundTripMs: [] as number[], withoutRoundTripMs: [] as number[] };
  for (const [index, prompt] of prompts.slice(0, count).entries()) {
    // Alternate which pool goes first, so neither always meets the other's leftovers in the caches.
    const order = index % 2 === 0 ? [plain, learned] : [learned, plain];
    for (const pool of order) {
      const scored = await pool.score(prompt);
      if (!scored.ok) throw new Error(scored.message);
      if (pool === learned) {
        if (scored.learnedMs === undefined) throw new Error('the learned pool returned no learned text term');
        measured.learnedMs.push(scored.learnedMs);
        measured.withWorkerMs.push(scored.workerMs);
        measured.withRoundTripMs.push(scored.ms);
      } else {
        measured.withoutWorkerMs.push(scored.workerMs);
        measured.withoutRoundTripMs.push(scored.ms);
      }
    }
  }
  results.push({
    characters: length,
    learnedInWorker: { p50: percentile(measured.learnedMs, 0.5), p99: percentile(measured.learnedMs, 0.99) },
    workerMs: { without: percentile(measured.withoutWorkerMs, 0.5), with: percentile(measured.withWorkerMs, 0.5) },
    roundTripMs: { without: percentile(measured.withoutRoundTripMs, 0.5), with: percentile(measured.withRoundTripMs, 0.5) },
  });
}
await Promise.all([plain.close(), learned.close()]);
const report = { measuredAt: new Date().toISOString(), prompts: count, load: { before: loadBefore, after: loadavg() }, results };
await writeFile(fileURLToPath(new URL('./results/learned-scoring-worker.json', import.meta.url)), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
