import { parseArgs } from 'node:util';
import { datasetNames, datasetRegistry, type DatasetName } from '../../datasets/dataset-registry.ts';
import { loadDataset } from '../../datasets/load-dataset.ts';
import type { RoutingRow } from '../../datasets/routing-row.ts';
import { createTokenEncoder } from '../../scorer/features/create-token-encoder.ts';
import { featurize } from '../../scorer/features/featurize.ts';
import { difficultyFromLogit, featureClip, forwardDifficulty } from '../../scorer/model/forward-difficulty.ts';
import { toTrainingFeatures } from '../../scorer/training/featurize-for-training.ts';
import { train, type Hyperparameters } from '../../scorer/training/train.ts';
import { evaluatePairRouting } from './evaluate-pair-routing.ts';
import type { BootstrapInterval } from '../../router/learning/training/bootstrap-interval.ts';
import { scoreWithModel, type ScoredPrompt } from './prompt-scorer.ts';

/**
 * Model-selection harness (not part of the published bench): trains one variant cross-dataset
 * (the target family entirely excluded), prints its APGR with bootstrap CIs per source next to the
 * length heuristic, the same difficulty blended post hoc with the length heuristic at a few
 * weights, and the difficulty of a few everyday prompts.
 *   npx tsx bench/accuracy/cross-dataset-experiment-cli.ts --target routellm_gpt4_vs_mixtral --variant '{"sourceOffsets":true}'
 */
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'routellm_gpt4_vs_mixtral' },
    variant: { type: 'string', default: '{}' },
    seed: { type: 'string', default: '1' },
    resamples: { type: 'string', default: '500' },
    blends: { type: 'string', default: '0.5,1,2' },
  },
});
const target = values.target as DatasetName;
if (!datasetNames.includes(target)) throw new Error(`unknown dataset ${target}`);
const variant = JSON.parse(values.variant!) as Partial<Hyperparameters>;
const entry = datasetRegistry[target];
const allRows = await loadDataset(target);
const unseen = allRows.filter((row) => !(row.contaminated && entry.excludeContaminatedFromEvaluation));
const sources = datasetNames.filter((name) => name !== target);
const result = await train({ seed: Number(values.seed), datasets: sources, excludePrompts: new Set(allRows.map((row) => row.prompt)), hyperparameters: variant });
const model = result.fitted.model;
const scored = scoreWithModel(unseen, model);
const blends = values.blends!.split(',').map(Number).filter((beta) => beta > 0);
const lengthZ = (tokens: number) => Math.max(-featureClip, Math.min(featureClip, (Math.log1p(tokens) - model.featureMean[0]!) * model.featureScale[0]!));
const blended = (beta: number): ScoredPrompt[] => scored.map(({ logit, inputTokens }) => ({ logit: (logit - model.difficultyMean) * model.difficultyScale + beta * lengthZ(inputTokens), inputTokens }));

const groups: [string, RoutingRow[]][] = [['all', unseen]];
for (const source of new Set(unseen.map((row) => row.source))) groups.push([source, unseen.filter((row) => row.source === source)]);
const position = new Map(unseen.map((row, index) => [row, index]));
const format = (interval: BootstrapInterval) => `${interval.estimate.toFixed(3)} [${interval.lower.toFixed(3)}, ${interval.upper.toFixed(3)}]`;
console.log(`variant ${JSON.stringify(variant)} seed ${values.seed}: cross-dataset ${target}, trained on ${sources.join(' + ')} (${result.trainingPromptCount} prompts, ${result.seconds.toFixed(0)} s, final loss ${result.fitted.lossHistory.at(-1)?.toFixed(4)})`);
console.log(`| source | n | length | ours | ${blends.map((beta) => `blend β=${beta}`).join(' | ')} |`);
for (const [label, rows] of groups) {
  const pick = (list: readonly ScoredPrompt[]) => rows.map((row) => list[position.get(row)!]!);
  const pair = { strongModel: entry.strongModel, weakModel: entry.weakModel, slope: 1 };
  const plain = evaluatePairRouting(label, rows, pick(scored), pair, Number(values.resamples));
  const length = plain.results.find((router) => router.router.startsWith('length'))!.apgr;
  const ours = plain.results.find((router) => router.router === 'switchyard: difficulty')!;
  const cells = blends.map((beta) => {
    const evaluation = evaluatePairRouting(label, rows, pick(blended(beta)), pair, Number(values.resamples));
    const router = evaluation.results.find((candidate) => candidate.router === 'switchyard: difficulty')!;
    return `${format(router.apgr)} Δ ${format(router.versusLength!)}`;
  });
  console.log(`| ${label} | ${rows.length} | ${format(length)} | ${format(ours.apgr)} Δ ${format(ours.versusLength!)} | ${cells.join(' | ')} |`);
}
const everyday = ['hi', 'Say hello.', 'What is 2+2?', 'Write a haiku about autumn', 'Prove that every finite integral domain is a field.',
  'Write a Python web service with user authentication, a PostgreSQL schema with migrations, rate limiting, and unit tests for each endpoint; explain the design step by step.',
  'Janet has 3 apples and buys 5 more. How many apples does she have?'];
const encoder = createTokenEncoder();
for (const prompt of everyday) {
  const features = toTrainingFeatures(featurize(prompt, encoder));
  const logit = forwardDifficulty(model, features.bucketIds, features.features).logit;
  const values2 = [`ours ${difficultyFromLogit(model, logit).toFixed(2)}`];
  for (const beta of blends) {
    const z = (logit - model.difficultyMean) * model.difficultyScale + beta * lengthZ(features.inputTokens);
    values2.push(`β=${beta} z ${z.toFixed(2)}`);
  }
  console.log(`  ${JSON.stringify(prompt.slice(0, 60))}: ${values2.join(', ')}`);
}
encoder.free();
