import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../datasets/load-dataset.ts';
import { createTokenEncoder } from '../../scorer/features/create-token-encoder.ts';
import { featurize } from '../../scorer/features/featurize.ts';
import { loadDifficultyModel } from '../../scorer/onnx-session.ts';

/**
 * `npx tsx bench/accuracy/scorer-latency-cli.ts`: featurize + ONNX run latency on one thread, by
 * prompt length. Prompts are real dataset text cut to length, each made unique so the tokenizer's
 * piece cache sees realistic (warm-vocabulary, new-text) traffic.
 */
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rows = await loadDataset('routerbench_subset');
const corpus = rows.map((row) => row.prompt).join('\n\n');
const encoder = createTokenEncoder();
const session = await loadDifficultyModel(join(repositoryRoot, 'models', 'model.onnx'));
const percentile = (sorted: number[], quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!;

console.log('| prompt length (chars) | featurize p50 (ms) | featurize + ONNX p50 (ms) | p99 (ms) |');
console.log('|---:|---:|---:|---:|');
for (const length of [200, 2_000, 20_000, 200_000]) {
  const iterations = length >= 200_000 ? 300 : 2_000;
  const prompts = Array.from({ length: iterations }, (_, index) => {
    const start = (index * 7_919) % Math.max(1, corpus.length - length);
    return corpus.slice(start, start + length).padEnd(length, ' ');
  });
  for (const prompt of prompts.slice(0, 200)) await session.run(featurize(prompt, encoder));
  const featurizeTimes: number[] = [];
  const totalTimes: number[] = [];
  for (const prompt of prompts) {
    const started = performance.now();
    const featurized = featurize(prompt, encoder);
    const featurizedAt = performance.now();
    await session.run(featurized);
    const finished = performance.now();
    featurizeTimes.push(featurizedAt - started);
    totalTimes.push(finished - started);
  }
  featurizeTimes.sort((left, right) => left - right);
  totalTimes.sort((left, right) => left - right);
  console.log(`| ${length.toLocaleString('en-US')} | ${percentile(featurizeTimes, 0.5).toFixed(3)} | ${percentile(totalTimes, 0.5).toFixed(3)} | ${percentile(totalTimes, 0.99).toFixed(3)} |`);
}

// Worst case: unbroken random letters (no spaces; every piece new to the cache), each prompt unique.
let state = 12_345;
const randomLetters = (length: number) => Array.from({ length }, () => {
  state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
  return String.fromCharCode(97 + (state >>> 16) % 26);
}).join('');
console.log('');
console.log('| worst case: random letters (chars) | featurize + ONNX p50 (ms) | p99 (ms) | max (ms) |');
console.log('|---:|---:|---:|---:|');
for (const length of [2_000, 4_096, 200_000]) {
  // Beyond 4,096 characters only the first and last 2,048 are tokenized: make those random.
  const prompts = Array.from({ length: length >= 200_000 ? 50 : 300 }, () => {
    if (length <= 4_096) return randomLetters(length);
    const ends = randomLetters(4_096);
    return ends.slice(0, 2_048) + ' '.repeat(length - 4_096) + ends.slice(2_048);
  });
  const times: number[] = [];
  for (const prompt of prompts) {
    const started = performance.now();
    await session.run(featurize(prompt, encoder));
    times.push(performance.now() - started);
  }
  times.sort((left, right) => left - right);
  console.log(`| ${length.toLocaleString('en-US')} | ${percentile(times, 0.5).toFixed(3)} | ${percentile(times, 0.99).toFixed(3)} | ${times.at(-1)!.toFixed(3)} |`);
}
encoder.free();
await session.release();
