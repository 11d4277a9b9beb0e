import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chooseRoutingPair } from '../../datasets/choose-routing-pair.ts';
import { datasetNames } from '../../datasets/dataset-registry.ts';
import { loadDataset, trainingRows } from '../../datasets/load-dataset.ts';
import { parseRoutingFile, type RoutingFileRow } from '../../datasets/parse-routing-file.ts';
import { resolveDatasetsDirectory } from '../../datasets/resolve-datasets-directory.ts';
import { loadModelCatalog } from '../../router/catalog/load-model-catalog.ts';
import { catalogModelProfile } from '../../router/catalog/resolve-model-profile.ts';
import type { ModelManifest } from '../../scorer/export/model-manifest.ts';
import { evaluatePairRouting, type PairEvaluation } from './evaluate-pair-routing.ts';
import { formatPairTable } from './format-results-markdown.ts';
import { scoreWithOnnx } from './prompt-scorer.ts';

export interface RoutingFileOptions {
  readonly file: string;
  /** The strong/weak pair; default: the best mean score vs the cheapest other model (lowest mean score without costs). */
  readonly strongModel?: string;
  readonly weakModel?: string;
  readonly resamples?: number;
  readonly modelDirectory: string;
  /** Where the training datasets are, to leave out prompts the shipped model trained on; default: resolved as usual, skipped if absent. */
  readonly datasetsDirectory?: string;
}

export interface RoutingFileReport {
  readonly markdown: string;
  readonly evaluations: readonly PairEvaluation[];
  /** Rows scored, and rows left out (flagged contaminated, or a prompt the shipped model trained on). */
  readonly evaluatedCount: number;
  readonly excluded: { readonly contaminated: number; readonly inTraining: number | undefined };
}

/** Sources with fewer rows than this get no table of their own (their interval would say nothing). */
const minimumSourceRows = 30;

/**
 * `switchyard bench accuracy --file`: replays strong/weak routing with the shipped model on any
 * JSONL file in the common schema — a user's own traffic with measured per-model scores, or a
 * held-out set. Every row is unseen by construction, except prompts that are also in the shipped
 * model's training splits, which are left out (when the datasets can be found) and counted.
 */
export async function evaluateRoutingFile(options: RoutingFileOptions): Promise<RoutingFileReport> {
  const parsed = parseRoutingFile(await readFile(options.file, 'utf8'), options.file);
  const { strongModel, weakModel, pairNote } = chooseRoutingPair(parsed, options.strongModel, options.weakModel);
  const trainingPrompts = await shippedTrainingPrompts(options.datasetsDirectory);
  const clean = parsed.rows.filter((row) => !row.contaminated);
  const rows = trainingPrompts ? clean.filter((row) => !trainingPrompts.has(row.prompt)) : clean;
  if (rows.length === 0) throw new Error(`${options.file}: no rows left to evaluate (${parsed.rows.length - clean.length} contaminated, ${clean.length - rows.length} in the training data)`);

  const manifest = JSON.parse(await readFile(join(options.modelDirectory, 'manifest.json'), 'utf8')) as ModelManifest;
  const scored = await scoreWithOnnx(rows, join(options.modelDirectory, manifest.model.file));
  const abilities = abilitiesOf(strongModel, weakModel);
  const pair = { strongModel, weakModel, abilities, slope: manifest.irt.slope };
  const groups: [string, RoutingFileRow[]][] = [['all rows', rows]];
  const sources = [...new Set(rows.map((row) => row.source))];
  if (sources.length > 1) {
    for (const source of sources) groups.push([source, rows.filter((row) => row.source === source)]);
  }
  const position = new Map(rows.map((row, index) => [row, index]));
  const evaluations = groups
    .filter(([, group]) => group.length >= Math.min(minimumSourceRows, rows.length))
    .map(([label, group]) => evaluatePairRouting(label, group, group.map((row) => scored[position.get(row)!]!), pair, options.resamples ?? 1000));

  const excluded = { contaminated: parsed.rows.length - clean.length, inTraining: trainingPrompts ? clean.length - rows.length : undefined };
  const markdown = [
    `# Routing accuracy on ${options.file}`,
    '',
    `Model: models/${manifest.model.file} (sha256 ${manifest.model.sha256.slice(0, 12)}…). ${rows.length} of ${parsed.rows.length} rows evaluated: ` +
      `${excluded.contaminated} flagged contaminated, ` +
      (excluded.inTraining === undefined ? 'overlap with the training data not checked (datasets not found).' : `${excluded.inTraining} also in the shipped model's training splits.`),
    pairNote,
    abilities ? `Quality-gain routing uses the abilities the gateway resolves for these models from models/catalog.yaml (${abilities.strong.toFixed(2)} vs ${abilities.weak.toFixed(2)}).` : 'models/catalog.yaml knows one of the two models by neither name nor alias, so quality-gain routing is not shown.',
    `Bootstrap: ${options.resamples ?? 1000} resamples of prompts, 95 % percentile intervals. Sources with fewer than ${minimumSourceRows} rows get no table of their own.`,
    '',
    ...evaluations.map(formatPairTable),
  ].join('\n');
  return { markdown, evaluations, evaluatedCount: rows.length, excluded };
}

/**
 * The pair's abilities as the gateway resolves them (models/catalog.yaml: measured for the dataset
 * models, else inferred from catalog quality), so the quality-gain router is the smart router's own
 * rule; undefined when the catalog knows neither name nor alias of one of them.
 */
function abilitiesOf(strong: string, weak: string): { strong: number; weak: number } | undefined {
  const catalog = loadModelCatalog();
  const [strongProfile, weakProfile] = [catalogModelProfile(strong, catalog), catalogModelProfile(weak, catalog)];
  if (strongProfile === undefined || weakProfile === undefined) return undefined;
  return { strong: strongProfile.ability, weak: weakProfile.ability };
}

/** Every prompt of the shipped model's training splits, or undefined when the datasets are not here. */
export async function shippedTrainingPrompts(directory: string | undefined): Promise<Set<string> | undefined> {
  let resolved: string;
  try {
    resolved = directory ?? resolveDatasetsDirectory();
  } catch {
    return undefined;
  }
  const prompts = new Set<string>();
  for (const name of datasetNames) {
    for (const row of trainingRows(await loadDataset(name, { directory: resolved }))) prompts.add(row.prompt);
  }
  return prompts;
}
