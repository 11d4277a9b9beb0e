/**
 * `node --expose-gc --import tsx bench/scorer/measure-scorer-pool.ts`: the scorer pool as the gateway runs it.
 * - in-worker time (featurize + ONNX) and event-loop round trip for 2,000-character prompts,
 *   sent one at a time (latency, not throughput), twice: interleaved with the same work on this
 *   thread (below), and back to back through the pool alone (a busy gateway's steady state);
 * - the same featurize + ONNX run on this thread, on the same prompts, interleaved with the pool
 *   (each prompt goes to the pool, then through an in-process encoder and session), so the worker's
 *   cost is compared with the single-thread cost under the same machine load;
 * - event-loop delay (perf_hooks.monitorEventLoopDelay) while 200,000-character prompts are scored,
 *   against the same measurement on an idle loop;
 * - RSS of the process before and after starting a two-worker pool.
 * Prompts are real dataset text (all three datasets) cut to length, each unique.
 * Writes bench/scorer/results/scorer-pool.json.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { datasetNames } from '../../datasets/dataset-registry.ts';
import { loadDataset } from '../../datasets/load-dataset.ts';
import { createTokenEncoder } from '../../scorer/features/create-token-encoder.ts';
import { featurize } from '../../scorer/features/featurize.ts';
import { loadDifficultyModel } from '../../scorer/onnx-session.ts';
import { createScorerPool, defaultModelPath } from '../../scorer/pool/create-scorer-pool.ts';

const megabytes = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));
const percentile = (values: number[], quantile: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!.toFixed(3));
};

const rows = (await Promise.all(datasetNames.map((name) => loadDataset(name)))).flat();
const corpus = rows.map((row) => row.prompt).join('\n\n');
const promptsOf = (length: number, count: number) =>
  Array.from({ length: count }, (_, index) => {
    const start = (index * 7_919 * (length > 10_000 ? 13 : 1)) % Math.max(1, corpus.length - length);
    return `${index} ${corpus.slice(start, start + length)}`.slice(0, length).padEnd(length, ' ');
  });

global.gc?.();
await sleep(200);
const rssBefore = process.memoryUsage().rss;
const pool = createScorerPool({ size: 2, timeoutMs: 10_000, maxQueue: 10_000 });
await pool.ready();
global.gc?.();
await sleep(200);
const rssAfterStart = process.memoryUsage().rss;

// 2,000-character prompts, one at a time; each one also featurized and run on this thread.
const encoder = createTokenEncoder();
const session = await loadDifficultyModel(defaultModelPath);
const short = promptsOf(2_000, 5_500);
for (const prompt of short.slice(3_000, 3_500)) {
  await pool.score(prompt);
  await session.run(featurize(prompt, encoder));
}
const workerMs: number[] = [];
const workerFeaturizeMs: number[] = [];
const roundTripMs: number[] = [];
const sameThreadMs: number[] = [];
const sameThreadFeaturizeMs: number[] = [];
const sameThreadOnnxMs: number[] = [];
for (const prompt of short.slice(3_500)) {
  const result = await pool.score(prompt);
  if (!result.ok) throw new Error(`scoring failed: ${result.message}`);
  workerMs.push(result.workerMs);
  workerFeaturizeMs.push(result.featurizeMs);
  roundTripMs.push(result.ms);
  const started = performance.now();
  const featurized = featurize(prompt, encoder);
  const featurizedAt = performance.now();
  await session.run(featurized);
  const finished = performance.now();
  sameThreadMs.push(finished - started);
  sameThreadFeaturizeMs.push(featurizedAt - started);
  sameThreadOnnxMs.push(finished - featurizedAt);
}
encoder.free();
await session.release();

// The pool alone, back to back: the next prompt is sent as soon as the last result is back, as in a
// busy gateway, so the worker never idles long enough to go cold. Fresh prompts, never scored before.
const backToBackWorkerMs: number[] = [];
const backToBackFeaturizeMs: number[] = [];
const backToBackRoundTripMs: number[] = [];
for (const prompt of short.slice(0, 3_000)) {
  const result = await pool.score(prompt);
  if (!result.ok) throw new Error(`scoring failed: ${result.message}`);
  backToBackWorkerMs.push(result.workerMs);
  backToBackFeaturizeMs.push(result.featurizeMs);
  backToBackRoundTripMs.push(result.ms);
}
backToBackWorkerMs.splice(0, 500);
backToBackFeaturizeMs.splice(0, 500);
backToBackRoundTripMs.splice(0, 500);

// Event-loop delay: idle baseline, then while 200,000-character prompts are scored.
async function loopDelay(work: () => Promise<void>) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await work();
  histogram.disable();
  return { p50Ms: histogram.percentile(50) / 1e6, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
}
const long = promptsOf(200_000, 200);
const idle = await loopDelay(() => sleep(2_000));
const longRoundTrips: number[] = [];
const longWorker: number[] = [];
const busy = await loopDelay(async () => {
  for (const prompt of long) {
    const result = await pool.score(prompt);
    if (!result.ok) throw new Error(`scoring failed: ${result.message}`);
    longRoundTrips.push(result.ms);
    longWorker.push(result.workerMs);
  }
});
const rssAfterLoad = process.memoryUsage().rss;
await pool.close();

const report = {
  node: process.version,
  cores: (await import('node:os')).availableParallelism(),
  loadAverage: (await import('node:os')).loadavg().map((load) => Number(load.toFixed(2))),
  poolSize: 2,
  prompt2000: { count: workerMs.length, workerP50Ms: percentile(workerMs, 0.5), workerFeaturizeP50Ms: percentile(workerFeaturizeMs, 0.5), workerP99Ms: percentile(workerMs, 0.99), roundTripP50Ms: percentile(roundTripMs, 0.5), roundTripP99Ms: percentile(roundTripMs, 0.99) },
  prompt2000BackToBack: { count: backToBackWorkerMs.length, workerP50Ms: percentile(backToBackWorkerMs, 0.5), workerFeaturizeP50Ms: percentile(backToBackFeaturizeMs, 0.5), workerP99Ms: percentile(backToBackWorkerMs, 0.99), roundTripP50Ms: percentile(backToBackRoundTripMs, 0.5), roundTripP99Ms: percentile(backToBackRoundTripMs, 0.99) },
  prompt2000SameThread: { count: sameThreadMs.length, p50Ms: percentile(sameThreadMs, 0.5), p99Ms: percentile(sameThreadMs, 0.99), featurizeP50Ms: percentile(sameThreadFeaturizeMs, 0.5), onnxP50Ms: percentile(sameThreadOnnxMs, 0.5) },
  prompt200000: { count: longRoundTrips.length, workerP50Ms: percentile(longWorker, 0.5), roundTripP50Ms: percentile(longRoundTrips, 0.5), roundTripP99Ms: percentile(longRoundTrips, 0.99) },
  eventLoopDelayMs: { idle, whileScoring200000: busy },
  rssMb: { before: megabytes(rssBefore), twoWorkerPoolStarted: megabytes(rssAfterStart), poolDelta: megabytes(rssAfterStart - rssBefore), afterLoad: megabytes(rssAfterLoad) },
};
await writeFile(fileURLToPath(new URL('./results/scorer-pool.json', import.meta.url)), JSON.stringify(report, null, 2) + '\n');
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
