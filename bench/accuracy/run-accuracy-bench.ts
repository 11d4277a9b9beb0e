import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { datasetNames, datasetRegistry, type DatasetName } from '../../datasets/dataset-registry.ts';
import { evaluationRows, loadDataset, trainingRows } from '../../datasets/load-dataset.ts';
import type { RoutingRow } from '../../datasets/routing-row.ts';
import type { ModelManifest } from '../../scorer/export/model-manifest.ts';
import { train } from '../../scorer/training/train.ts';
import { evaluateCostQualityRouting, type CostQualityEvaluation } from './evaluate-cost-quality-routing.ts';
import { evaluatePairRouting, type PairEvaluation } from './evaluate-pair-routing.ts';
import { formatCostQualityTable, formatPairTable } from './format-results-markdown.ts';
import { scoreWithModel, scoreWithOnnx, type ScoredPrompt } from './prompt-scorer.ts';
import { costQualityChart, pgrChart } from './render-result-charts.ts';

// The repository root through package.json's "imports" map: the same from the sources and from dist/.
const repositoryRoot = dirname(createRequire(import.meta.url).resolve('#package.json'));

export interface AccuracyBenchOptions {
  /** Only the evaluations whose target is this dataset. */
  dataset?: DatasetName;
  resamples?: number;
  seed?: number;
  modelDirectory?: string;
  resultsDirectory?: string;
  log?: (line: string) => void;
}

export interface AccuracyBenchReport {
  readonly markdown: string;
  readonly pair: readonly PairEvaluation[];
  readonly costQuality: readonly CostQualityEvaluation[];
}

/**
 * The cross-dataset pairs: train on the other families' train splits (every prompt of the target
 * family excluded), evaluate on all of the target's evaluable rows; the strong/weak abilities come
 * from the same models as named in a training family, when one has them.
 */
const crossDatasetPlans: Record<DatasetName, { abilitiesFrom?: { dataset: DatasetName; strong: string; weak: string } }> = {
  routellm_gpt4_vs_mixtral: { abilitiesFrom: { dataset: 'routerbench_subset', strong: 'gpt-4-1106-preview', weak: 'mistralai/mixtral-8x7b-chat' } },
  routerbench_subset: { abilitiesFrom: { dataset: 'routellm_gpt4_vs_mixtral', strong: 'gpt-4-1106-preview', weak: 'mistralai/Mixtral-8x7B-Instruct-v0.1' } },
  llmrouter_9_open_models: {},
};

/** Rows a benchmark may score, as a whole and per source where a dataset mixes sources. */
function bySource(name: DatasetName, rows: readonly RoutingRow[]): [string, RoutingRow[]][] {
  const groups: [string, RoutingRow[]][] = [[`${name} (all sources)`, [...rows]]];
  if (name !== 'routellm_gpt4_vs_mixtral') return groups;
  for (const source of ['mmlu', 'gsm8k', 'mt-bench']) groups.push([`${name} / ${source}`, rows.filter((row) => row.source === source)]);
  return groups;
}

function subset(rows: readonly RoutingRow[], scored: readonly ScoredPrompt[], keep: readonly RoutingRow[]): ScoredPrompt[] {
  const position = new Map(rows.map((row, index) => [row, index]));
  return keep.map((row) => scored[position.get(row)!]!);
}

/** Replays routing decisions on every dataset's evaluation rows and writes results/latest.md and SVG charts. */
export async function runAccuracyBench(options: AccuracyBenchOptions = {}): Promise<AccuracyBenchReport> {
  const log = options.log ?? (() => {});
  const resamples = options.resamples ?? 1000;
  const targets = options.dataset ? [options.dataset] : [...datasetNames];
  const modelDirectory = options.modelDirectory ?? join(repositoryRoot, 'models');
  const resultsDirectory = options.resultsDirectory ?? join(repositoryRoot, 'bench', 'accuracy', 'results');
  const manifest = JSON.parse(await readFile(join(modelDirectory, 'manifest.json'), 'utf8')) as ModelManifest;
  const featureCache = new Map();
  const pair: PairEvaluation[] = [];
  const costQuality: CostQualityEvaluation[] = [];
  const sections: string[] = [];
  await mkdir(resultsDirectory, { recursive: true });

  for (const target of targets) {
    const entry = datasetRegistry[target];
    const allRows = await loadDataset(target);
    // Cross-dataset: the target family never trains; all its decontaminated rows are unseen.
    const unseenRows = allRows.filter((row) => !(row.contaminated && entry.excludeContaminatedFromEvaluation));
    const sources = datasetNames.filter((name) => name !== target);
    log(`cross-dataset: training on ${sources.join(' + ')} for ${target}`);
    const crossModel = await train({ seed: options.seed ?? 1, datasets: sources, excludePrompts: new Set(allRows.map((row) => row.prompt)), featureCache, log });
    const crossScored = scoreWithModel(unseenRows, crossModel.fitted.model);
    const plan = crossDatasetPlans[target];
    const borrowed = plan.abilitiesFrom;
    const crossAbilities = borrowed && crossModel.abilities[borrowed.dataset]
      ? { strong: crossModel.abilities[borrowed.dataset]![borrowed.strong]!, weak: crossModel.abilities[borrowed.dataset]![borrowed.weak]! }
      : undefined;
    const crossSection = [`### ${target}: cross-dataset (trained on ${sources.join(' + ')}; ${crossModel.trainingPromptCount} prompts, ${crossModel.seconds.toFixed(0)} s)`, ''];
    if (borrowed) crossSection.push(`Quality-gain routing uses the abilities learned for ${borrowed.strong} / ${borrowed.weak} in ${borrowed.dataset}.`, '');
    for (const [label, rows] of bySource(target, unseenRows)) {
      if (rows.length === 0) continue;
      const evaluation = evaluatePairRouting(`cross-dataset, ${label}`, rows, subset(unseenRows, crossScored, rows), { strongModel: entry.strongModel, weakModel: entry.weakModel, abilities: crossAbilities, slope: crossModel.fitted.slope }, resamples);
      pair.push(evaluation);
      crossSection.push(formatPairTable(evaluation));
    }
    sections.push(crossSection.join('\n'));

    // In-distribution: the shipped model (trained on all train splits) through onnxruntime, on the test split.
    const testRows = evaluationRows(allRows);
    const shippedScored = await scoreWithOnnx(testRows, join(modelDirectory, manifest.model.file));
    const abilities = manifest.irt.abilities[target] ?? {};
    const section = [`### ${target}: in-distribution (shipped model, test split)`, ''];
    for (const [label, rows] of bySource(target, testRows)) {
      if (rows.length === 0) continue;
      const evaluation = evaluatePairRouting(`in-distribution, ${label}`, rows, subset(testRows, shippedScored, rows), {
        strongModel: entry.strongModel, weakModel: entry.weakModel, abilities: { strong: abilities[entry.strongModel]!, weak: abilities[entry.weakModel]! }, slope: manifest.irt.slope,
      }, resamples);
      pair.push(evaluation);
      section.push(formatPairTable(evaluation));
    }
    if (Object.keys(entry.prices).length > 2) {
      const trainRows = trainingRows(allRows);
      const meanCostPerToken = await costPerToken(target, trainRows);
      const evaluation = evaluateCostQualityRouting(`in-distribution, ${target}`, entry, testRows, shippedScored, { abilities, slope: manifest.irt.slope, meanCostPerToken });
      costQuality.push(evaluation);
      section.push(formatCostQualityTable(evaluation));
      const chartFile = `${target}-cost-quality.svg`;
      await writeFile(join(resultsDirectory, chartFile), costQualityChart(evaluation));
      section.push(`![cost-quality curve](${chartFile})\n`);
    }
    sections.push(section.join('\n'));
    if (target === 'routellm_gpt4_vs_mixtral') {
      const chartFile = 'routellm-cross-dataset-pgr.svg';
      await writeFile(join(resultsDirectory, chartFile), pgrChart(pair.filter((evaluation) => evaluation.label.startsWith('cross-dataset, routellm'))));
      sections.push(`![PGR curves, cross-dataset](${chartFile})\n`);
    }
  }
  const markdown = [
    '# Accuracy bench — latest results',
    '',
    `Model: models/${manifest.model.file} (sha256 ${manifest.model.sha256.slice(0, 12)}…, ${(manifest.model.bytes / 1e6).toFixed(2)} MB). Bootstrap: ${resamples} resamples of prompts, 95 % percentile intervals.`,
    'APGR/CPT follow RouteLLM (strong/weak pair, strong-call share swept on a 1 % grid); AIQ follows RouterBench (non-decreasing convex hull, extended flat to the largest cost, area / largest cost).',
    'Cross-dataset: the evaluated family is excluded from training entirely (all its prompts, any split), so all its decontaminated rows are unseen and are evaluated.',
    '',
    ...sections,
  ].join('\n');
  if (!options.dataset) await writeFile(join(resultsDirectory, 'latest.md'), markdown);
  return { markdown, pair, costQuality };
}

/** $ per input token per model, from the train split: measured costs when the file has them, else list price. */
async function costPerToken(name: DatasetName, trainRows: readonly RoutingRow[]): Promise<Record<string, number>> {
  const entry = datasetRegistry[name];
  const result: Record<string, number> = {};
  if (!entry.perCallCostsInFile) {
    for (const [model, price] of Object.entries(entry.prices)) result[model] = price.input / 1e6;
    return result;
  }
  const { featurize } = await import('../../scorer/features/featurize.ts');
  const { createTokenEncoder } = await import('../../scorer/features/create-token-encoder.ts');
  const encoder = createTokenEncoder();
  const tokens = trainRows.reduce((sum, row) => sum + featurize(row.prompt, encoder).inputTokens, 0);
  encoder.free();
  for (const model of Object.keys(entry.prices)) result[model] = trainRows.reduce((sum, row) => sum + row.costs![model]!, 0) / tokens;
  return result;
}
