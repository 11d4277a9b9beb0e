/**
 * Latency of scoring one prompt with a learned per-pair gain model (plain JS, one thread), by
 * prompt length: `npx tsx bench/learn/measure-learned-scoring.ts`. The model is trained on a
 * synthetic labelled set first (the weights do not change the cost, the bucket count does).
 */
import { createGainPredictor } from '../../scorer/learned/learned-gain-model.ts';
import { buildGainDesign, fitGainModel } from '../../router/learning/training/train-gain-model.ts';
import { createRandom } from '../../scorer/training/create-random.ts';

const random = createRandom(5);
const words = ['the', 'integral', 'function', 'river', 'proof', 'compile', 'garden', 'matrix', 'explain', 'write', 'story', 'because', 'value'];
const text = (characters: number) => {
  let value = '';
  while (value.length < characters) value += `${words[random.integer(words.length)]}${random.uniform() < 0.1 ? '. ' : ' '}`;
  return value.slice(0, characters);
};
const examples = Array.from({ length: 200 }, () => ({ text: text(200 + random.integer(1500)), prior: random.uniform(), logit: random.normal(), inputTokens: 100, gain: random.uniform() < 0.3 ? 1 : 0 }));
const { model } = fitGainModel(buildGainDesign(examples), { strongModel: 'strong', weakModel: 'weak' });
const predict = createGainPredictor(model);

const rows: string[] = ['| prompt length (chars) | p50 (ms) | p99 (ms) |', '|---:|---:|---:|'];
for (const length of [200, 2_000, 20_000, 200_000]) {
  const prompts = Array.from({ length: 50 }, () => text(length));
  for (let warm = 0; warm < 200; warm += 1) predict({ text: prompts[warm % prompts.length]!, prior: 0, logit: 0, inputTokens: 10 });
  const times: number[] = [];
  for (let run = 0; run < 2_000; run += 1) {
    const started = performance.now();
    predict({ text: prompts[run % prompts.length]!, prior: 0, logit: 0, inputTokens: 10 });
    times.push(performance.now() - started);
  }
  times.sort((left, right) => left - right);
  rows.push(`| ${length.toLocaleString('en-US')} | ${times[Math.floor(times.length * 0.5)]!.toFixed(3)} | ${times[Math.floor(times.length * 0.99)]!.toFixed(3)} |`);
}
process.stdout.write(`${rows.join('\n')}\n`);
