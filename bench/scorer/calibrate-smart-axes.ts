/**
 * Calibrates the smart router's axis presets on data and writes them to
 * router/routing/strategies/smart-axis-presets.ts (plus bench/scorer/results/calibration.json).
 *
 * Method:
 * - Reference mix: the TRAIN rows of the three datasets, each dataset weighted equally (so the
 *   15k RouteLLM rows do not drown the others), scored by the shipped ONNX model.
 * - Reference candidates: gpt-4-1106-preview (strong) vs Mixtral-8x7B-Instruct (weak), their
 *   abilities from models/manifest.json and prices from the catalog; 256 output tokens per call.
 * - Each preset is w = (quality 1 − c, cost c, speed 0); c is found by bisection so that, with the
 *   runtime's own scoring and boundary rule, the share of traffic to the strong model is
 *   30 % for `cost` (70 % to the cheaper model), 50 % for `balanced`, 70 % for `quality`.
 * - These weights now serve explicit-weights routers and the choice among the candidates below
 *   the most capable one; the named axes are shares of traffic to the most capable candidate
 *   (cost 0.3, balanced 0.5, quality 0.7), held on live traffic by a quantile window
 *   (router/routing/strategies/score-quantile-window.ts). The window starts from the reference
 *   mix: 100 quantiles of its difficulty logits (dataset-weighted), written here as
 *   `referenceLogits`, stand in until live traffic replaces them.
 * - Reported, not fitted: the shares the presets give on current-model candidate sets, and the
 *   measured quality on the RouteLLM evaluation rows.
 * Run: npx tsx bench/scorer/calibrate-smart-axes.ts  (re-run after retraining models/model.onnx)
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadModelCatalog } from '../../router/catalog/load-model-catalog.ts';
import { catalogModelProfile, type ModelProfile } from '../../router/catalog/resolve-model-profile.ts';
import { boundaryMargin } from '../../router/routing/strategies/smart-axis-presets.ts';
import { rankCandidates, scoreCandidates, type AxisWeights } from '../../router/routing/strategies/smart-score-candidates.ts';
import { defaultModelPath } from '../../scorer/pool/create-scorer-pool.ts';
import { scoreDatasetPrompts, type ScoredRow } from './score-dataset-prompts.ts';

const outputTokens = 256;
const targets = { cost: 0.3, balanced: 0.5, quality: 0.7 } as const;
const strongName = 'gpt-4-1106-preview';
const weakName = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const modernSets = [
  ['claude-opus-4.6', 'claude-sonnet-4.6', 'claude-haiku-4.5'],
  ['gpt-5.4', 'gpt-5.4-mini'],
  ['claude-opus-4.6', 'gpt-5.4', 'gemini-2.5-pro', 'gemini-2.5-flash', 'glm-5', 'llama-4-maverick'],
];

const catalog = loadModelCatalog();
const profile = (name: string): ModelProfile => {
  const found = catalogModelProfile(name, catalog);
  if (found === undefined) throw new Error(`catalog does not know ${name}`);
  return found;
};

/** Share of (dataset-weighted) traffic each candidate receives under the given weights. */
function shares(families: readonly ScoredRow[][], candidates: readonly ModelProfile[], weights: AxisWeights): Record<string, number> {
  const result: Record<string, number> = Object.fromEntries(candidates.map((candidate) => [candidate.name, 0]));
  for (const rows of families) {
    for (const { logit, inputTokens } of rows) {
      const scores = scoreCandidates(candidates, { logit, slope: catalog.slope, inputTokens, outputTokens, weights });
      result[rankCandidates(scores, boundaryMargin)[0]!.name]! += 1 / rows.length / families.length;
    }
  }
  return result;
}

const preset = (cost: number): AxisWeights => ({ quality: 1 - cost, cost, speed: 0 });

function calibrate(families: readonly ScoredRow[][], pair: readonly ModelProfile[], strongShare: number): number {
  let low = 0;
  let high = 1;
  for (let step = 0; step < 40; step += 1) {
    const middle = (low + high) / 2;
    if (shares(families, pair, preset(middle))[strongName]! > strongShare) low = middle;
    else high = middle;
  }
  return Number(((low + high) / 2).toFixed(5));
}

/** `count` evenly spaced quantiles of the logits, each dataset weighing the same. */
function referenceQuantiles(families: readonly ScoredRow[][], count: number): number[] {
  const weighted = families.flatMap((rows) => rows.map(({ logit }) => ({ logit, weight: 1 / rows.length / families.length })));
  weighted.sort((a, b) => a.logit - b.logit);
  const result: number[] = [];
  let cumulative = 0;
  let index = 0;
  for (let step = 0; step < count; step += 1) {
    const level = (step + 0.5) / count;
    while (index < weighted.length - 1 && cumulative + weighted[index]!.weight < level) cumulative += weighted[index++]!.weight;
    result.push(Number(weighted[index]!.logit.toFixed(4)));
  }
  return result;
}

const started = performance.now();
const train = await scoreDatasetPrompts(defaultModelPath, 'train');
const families = [...train.values()];
const pair = [profile(strongName), profile(weakName)];
const presets = {
  cost: preset(calibrate(families, pair, targets.cost)),
  balanced: preset(calibrate(families, pair, targets.balanced)),
  quality: preset(calibrate(families, pair, targets.quality)),
};
const referenceShares = Object.fromEntries(Object.entries(presets).map(([axis, weights]) => [axis, shares(families, pair, weights)]));
const modernShares = modernSets.map((names) => ({
  candidates: names,
  shares: Object.fromEntries(Object.entries(presets).map(([axis, weights]) => [axis, shares(families, names.map(profile), weights)])),
}));

// Measured quality on RouteLLM's evaluation rows (true per-model scores), per preset.
const evaluation = (await scoreDatasetPrompts(defaultModelPath, 'evaluation')).get('routellm_gpt4_vs_mixtral')!;
const measured = Object.fromEntries(
  Object.entries(presets).map(([axis, weights]) => {
    let quality = 0;
    let strong = 0;
    for (const { row, logit, inputTokens } of evaluation) {
      const chosen = rankCandidates(scoreCandidates(pair, { logit, slope: catalog.slope, inputTokens, outputTokens, weights }), boundaryMargin)[0]!.name;
      quality += row.scores[chosen]! / evaluation.length;
      if (chosen === strongName) strong += 1 / evaluation.length;
    }
    return [axis, { strongShare: strong, meanQuality: quality }];
  }),
);
const always = (name: string) => evaluation.reduce((sum, { row }) => sum + row.scores[name]!, 0) / evaluation.length;

const referenceLogits = referenceQuantiles(families, 100);
const report = {
  referenceLogits,
  referenceMix: Object.fromEntries([...train].map(([name, rows]) => [name, rows.length])),
  referenceCandidates: pair.map(({ name, ability, price }) => ({ name, ability, price })),
  targetsStrongShare: targets,
  presets,
  referenceShares,
  modernShares,
  routellmEvaluation: { rows: evaluation.length, alwaysStrong: always(strongName), alwaysWeak: always(weakName), byAxis: measured },
  qualityToAbility: catalog.qualityToAbility,
  priceToQuality: catalog.priceToQuality,
  seconds: (performance.now() - started) / 1000,
};
const round = (value: number) => Number(value.toFixed(5));
const chunk = <T>(values: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(values.length / size) }, (_, index) => values.slice(index * size, index * size + size));
const source = `/**
 * Calibrated axis presets of the smart router. GENERATED by bench/scorer/calibrate-smart-axes.ts
 * (\`npx tsx bench/scorer/calibrate-smart-axes.ts\`); the method is described there, the full
 * report is bench/scorer/results/calibration.json.
 *
 * On the reference mix (train rows of the three datasets, equal weight each; gpt-4-1106-preview vs
 * Mixtral-8x7B) the share of traffic to the strong model is
 * cost ${(referenceShares.cost![strongName]! * 100).toFixed(1)} %, balanced ${(referenceShares.balanced![strongName]! * 100).toFixed(1)} %, quality ${(referenceShares.quality![strongName]! * 100).toFixed(1)} %.
 */
import type { AxisWeights } from './smart-score-candidates.ts';

export const smartAxisPresets: Readonly<Record<'cost' | 'balanced' | 'quality', AxisWeights>> = {
${Object.entries(presets).map(([axis, weights]) => `  ${axis}: { quality: ${round(weights.quality)}, cost: ${round(weights.cost)}, speed: 0 },`).join('\n')}
};

/** Share of traffic to the most capable candidate on each named axis (held on live traffic). */
export const axisStrongShares: Readonly<Record<'cost' | 'balanced' | 'quality', number>> = { cost: ${targets.cost}, balanced: ${targets.balanced}, quality: ${targets.quality} };

/** Score difference under which the more capable candidate wins (explicit-weights routers). */
export const boundaryMargin = ${boundaryMargin};

/** 100 quantiles of the reference mix's difficulty logits: the share window's start. */
export const referenceLogits: readonly number[] = [
${chunk(referenceLogits, 10).map((row) => `  ${row.join(', ')},`).join('\n')}
];
`;
await writeFile(fileURLToPath(new URL('../../router/routing/strategies/smart-axis-presets.ts', import.meta.url)), source);
await writeFile(fileURLToPath(new URL('./results/calibration.json', import.meta.url)), JSON.stringify(report, null, 2) + '\n');
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
