import { chooseRoutingPair } from '../../../datasets/choose-routing-pair.ts';
import type { RoutingFile } from '../../../datasets/parse-routing-file.ts';
import { createRandom } from '../../../scorer/training/create-random.ts';
import { defaultGuardSettings, type GuardDecision, type GuardSettings } from './guard-decide-activation.ts';
import { pairKey, updateActiveFile, writeLearnedModel, type LearnedManifest } from '../learned-model-files.ts';
import { currentRouterScorer, scoreWithShippedModel, type ShippedScore } from './train-current-router.ts';
import type { RouterComparison } from './train-cross-validate.ts';
import { renderLearnedModelCard } from './train-model-card.ts';
import { trainLearnedRouter } from './train-learned-router.ts';

export interface TrainFromRowsOptions {
  readonly file: RoutingFile;
  /** Where the rows came from, for the manifest (a file name, or "labels of <config>"). */
  readonly source: string;
  readonly strongModel?: string | undefined;
  readonly weakModel?: string | undefined;
  /** The learned/ directory the model and active.json go to. */
  readonly directory: string;
  readonly guard?: GuardSettings;
  /** Write the model but never activate it (the guard's verdict is still reported). */
  readonly dryRun?: boolean;
  /** Training cost grows with the cube of the rows: above this many, a seeded random sample is used. */
  readonly maxRows?: number;
  readonly resamples?: number;
  readonly seed?: number;
  /** Where the shipped model is (default models/ of the package). */
  readonly modelDirectory?: string;
  /** Scores prompts with the shipped model (default: onnxruntime on models/model.onnx). */
  readonly scoreShipped?: (prompts: readonly string[]) => Promise<ShippedScore[]>;
  readonly now?: () => number;
}

export interface TrainFromRowsResult {
  readonly strongModel: string;
  readonly weakModel: string;
  readonly pairNote: string;
  readonly rows: number;
  readonly leftOut: { readonly contaminated: number; readonly sampledAway: number };
  readonly comparison: RouterComparison;
  readonly decision: GuardDecision;
  readonly currentRouter: string;
  /** The version directory written, and whether it now serves the pair. */
  readonly written: string;
  readonly activated: boolean;
  readonly manifest: LearnedManifest;
}

export const defaultMaxTrainingRows = 1000;

/**
 * `switchyard train --file` / `--from-labels`: trains the per-pair gain model on labelled rows,
 * judges it by 5-fold out-of-fold APGR against the current router and the length heuristic,
 * writes it (model, manifest, card), and activates it in active.json only when the guard says so.
 */
export async function trainFromRows(options: TrainFromRowsOptions): Promise<TrainFromRowsResult> {
  const { strongModel, weakModel, pairNote } = chooseRoutingPair(options.file, options.strongModel, options.weakModel);
  const clean = options.file.rows.filter((row) => !row.contaminated);
  const maxRows = options.maxRows ?? defaultMaxTrainingRows;
  const rows = clean.length > maxRows ? createRandom(options.seed ?? 1).shuffle([...clean]).slice(0, maxRows) : clean;
  const guard = options.guard ?? defaultGuardSettings;
  const shipped = await (options.scoreShipped ?? ((prompts) => scoreWithShippedModel(prompts, options.modelDirectory)))(rows.map((row) => row.prompt));
  const current = currentRouterScorer(strongModel, weakModel);
  const labelled = rows.map((row, index) => ({ prompt: row.prompt, strongQuality: row.scores[strongModel]!, weakQuality: row.scores[weakModel]!, shipped: shipped[index]! }));
  const training = trainLearnedRouter(labelled, { strongModel, weakModel, currentScore: current.score, guard, resamples: options.resamples ?? 1000, seed: options.seed ?? 1 });
  const createdAt = new Date((options.now ?? Date.now)()).toISOString();
  const activate = training.decision.activate && options.dryRun !== true;
  const { name, manifest } = await writeLearnedModel(
    options.directory,
    training.model,
    {
      createdAt,
      training: {
        source: options.source,
        rows: rows.length,
        penalty: training.fit.penalty,
        leaveOneOutError: training.fit.leaveOneOutError,
        features: `hashed char ${training.model.ngrams.minN}-${training.model.ngrams.maxN}-grams (${training.model.ngrams.bucketCount} buckets, TF-IDF, first ${training.model.ngrams.headCharacters} + last ${training.model.ngrams.tailCharacters} characters) + the shipped difficulty logit and ln(1 + input tokens)`,
      },
      outOfFold: Object.fromEntries(Object.entries(training.comparison.apgr).map(([router, interval]) => [router, { ...interval }])),
      guard: { activate: training.decision.activate, gain: training.decision.gain, minGain: guard.minGain, reason: training.decision.reason },
    },
    renderLearnedModelCard,
  );
  if (activate) {
    const pair = pairKey(strongModel, weakModel);
    await updateActiveFile(options.directory, (file) => ({
      version: 1,
      active: { ...file.active, [pair]: name },
      history: [...file.history, { at: createdAt, pair, action: 'activate', directory: name, reason: training.decision.reason }],
    }));
  }
  return {
    strongModel,
    weakModel,
    pairNote,
    rows: rows.length,
    leftOut: { contaminated: options.file.rows.length - clean.length, sampledAway: clean.length - rows.length },
    comparison: training.comparison,
    decision: training.decision,
    currentRouter: current.describe,
    written: name,
    activated: activate,
    manifest,
  };
}
