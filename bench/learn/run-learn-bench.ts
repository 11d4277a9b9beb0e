import { readFile } from 'node:fs/promises';
import { chooseRoutingPair } from '../../datasets/choose-routing-pair.ts';
import { parseRoutingFile } from '../../datasets/parse-routing-file.ts';
import { defaultGuardSettings, type GuardSettings } from '../../router/learning/training/guard-decide-activation.ts';
import { createGainPredictor } from '../../scorer/learned/learned-gain-model.ts';
import type { NgramSettings } from '../../scorer/learned/learned-text-features.ts';
import { pairRoutingMetrics, routingOrder, type PairItem } from '../../router/learning/training/pair-routing-metrics.ts';
import { currentRouterScorer, scoreWithShippedModel, type ShippedScore } from '../../router/learning/training/train-current-router.ts';
import { trainLearnedRouter, type LabelledPrompt } from '../../router/learning/training/train-learned-router.ts';
import { createRandom } from '../../scorer/training/create-random.ts';
import { shippedTrainingPrompts } from '../accuracy/evaluate-routing-file.ts';

export const defaultBudgets = [50, 100, 200, 400] as const;

export interface LearnBenchOptions {
  readonly file: string;
  readonly strongModel?: string | undefined;
  readonly weakModel?: string | undefined;
  readonly budgets?: readonly number[];
  /** Random splits per budget (default 20). */
  readonly splits?: number;
  readonly seed?: number;
  readonly guard?: GuardSettings;
  /** Repeated k-fold for the guard's out-of-fold estimate (default 1). */
  readonly cvRepeats?: number;
  /** The learned model's n-gram features (default: the trainer's). */
  readonly ngrams?: NgramSettings;
  /** A budget runs only if at least this many rows are left to evaluate on (default 100). */
  readonly minEvaluationRows?: number;
  /** The pool is capped at this many rows (seeded sample; default 3000): evaluation cost. */
  readonly maxRows?: number;
  /** Scores prompts with the shipped model (default: onnxruntime on models/model.onnx). */
  readonly scoreShipped?: (prompts: readonly string[]) => Promise<ShippedScore[]>;
  /** Where the datasets are, to leave out prompts the shipped model trained on (default: resolved; skipped when absent). */
  readonly datasetsDirectory?: string;
  readonly log?: (line: string) => void;
}

/** Mean APGR over the splits, and a 95 % interval of that mean (normal approximation over splits). */
export interface SplitMean {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

export interface BudgetResult {
  readonly n: number;
  readonly splits: number;
  readonly shipped: SplitMean;
  readonly length: SplitMean;
  readonly learned: SplitMean;
  readonly guarded: SplitMean;
  /** guarded − shipped per split: its mean with interval, and the worst split. */
  readonly guardedMinusShipped: SplitMean & { readonly worst: number };
  /** Share of splits where the guard activated the learned router. */
  readonly activatedShare: number;
  /** Per split: the guard's out-of-fold gain and its interval's lower end, and what learning really gained on the rest. */
  readonly splitDetails: readonly { readonly outOfFoldGain: number; readonly outOfFoldLower: number; readonly learnedMinusShipped: number }[];
}

export interface LearnBenchReport {
  readonly file: string;
  readonly strongModel: string;
  readonly weakModel: string;
  readonly pairNote: string;
  readonly currentRouter: string;
  readonly poolRows: number;
  readonly excluded: { readonly contaminated: number; readonly inTraining: number | undefined; readonly sampledAway: number };
  readonly budgets: readonly BudgetResult[];
  readonly skippedBudgets: readonly number[];
  readonly seconds: number;
}

function splitMean(values: readonly number[]): SplitMean {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  const half = 1.96 * Math.sqrt(variance / values.length);
  return { mean, lower: mean - half, upper: mean + half };
}

/**
 * `switchyard bench learn`: the learning loop, simulated on a file as if it were one user's
 * traffic. For each labelling budget n, repeated over random splits: n random prompts get their
 * labels (the file's measured scores), a learned router is trained on them and judged by the guard
 * (5-fold out-of-fold APGR vs the shipped router), and every router is scored by APGR on the rest
 * of the file: the shipped router, the length heuristic, the learned router, and the guarded one
 * (the learned router if the guard activated it, else the shipped one).
 */
export async function runLearnBench(options: LearnBenchOptions): Promise<LearnBenchReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const parsed = parseRoutingFile(await readFile(options.file, 'utf8'), options.file);
  const { strongModel, weakModel, pairNote } = chooseRoutingPair(parsed, options.strongModel, options.weakModel);
  const trainingPrompts = await shippedTrainingPrompts(options.datasetsDirectory);
  const clean = parsed.rows.filter((row) => !row.contaminated);
  const unseen = trainingPrompts ? clean.filter((row) => !trainingPrompts.has(row.prompt)) : clean;
  const maxRows = options.maxRows ?? 3000;
  const random = createRandom(options.seed ?? 1);
  const pool = unseen.length > maxRows ? random.shuffle([...unseen]).slice(0, maxRows) : unseen;
  log(`${pool.length} rows in the pool (${clean.length - unseen.length} in the shipped model's training splits left out); scoring them with the shipped model`);
  const shipped = await (options.scoreShipped ?? scoreWithShippedModel)(pool.map((row) => row.prompt));
  const current = currentRouterScorer(strongModel, weakModel);
  const labelled: LabelledPrompt[] = pool.map((row, index) => ({ prompt: row.prompt, strongQuality: row.scores[strongModel]!, weakQuality: row.scores[weakModel]!, shipped: shipped[index]! }));
  const currentScores = labelled.map((row) => current.score(row.shipped));
  const tieBreak = labelled.map(() => random.uniform());

  const apgrOn = (positions: readonly number[], score: (position: number) => number) => {
    const items: PairItem[] = positions.map((position) => ({ strongQuality: labelled[position]!.strongQuality, weakQuality: labelled[position]!.weakQuality, score: score(position) }));
    return pairRoutingMetrics(items, routingOrder(items, positions.map((position) => tieBreak[position]!))).apgr;
  };

  const splits = options.splits ?? 20;
  const minEvaluationRows = options.minEvaluationRows ?? 100;
  const budgets: BudgetResult[] = [];
  const skippedBudgets: number[] = [];
  for (const n of options.budgets ?? defaultBudgets) {
    if (pool.length - n < minEvaluationRows) {
      skippedBudgets.push(n);
      log(`n = ${n}: skipped, only ${pool.length - n} rows would be left to evaluate on`);
      continue;
    }
    const values = { shipped: [] as number[], length: [] as number[], learned: [] as number[], guarded: [] as number[] };
    let activated = 0;
    const splitDetails: { outOfFoldGain: number; outOfFoldLower: number; learnedMinusShipped: number }[] = [];
    for (let split = 0; split < splits; split += 1) {
      const order = random.shuffle(labelled.map((_, index) => index));
      const train = order.slice(0, n);
      const rest = order.slice(n);
      const training = trainLearnedRouter(train.map((position) => labelled[position]!), {
        strongModel,
        weakModel,
        currentScore: current.score,
        guard: options.guard ?? defaultGuardSettings,
        ...(options.ngrams === undefined ? {} : { ngrams: options.ngrams }),
        resamples: 100,
        seed: split + 1,
        cvRepeats: options.cvRepeats ?? 1,
      });
      const predict = createGainPredictor(training.model);
      const learnedScores = new Map(rest.map((position) => {
        const row = labelled[position]!;
        return [position, predict({ text: row.prompt, prior: currentScores[position]!, logit: row.shipped.logit, inputTokens: row.shipped.inputTokens })];
      }));
      const shippedApgr = apgrOn(rest, (position) => currentScores[position]!);
      const learnedApgr = apgrOn(rest, (position) => learnedScores.get(position)!);
      values.shipped.push(shippedApgr);
      values.length.push(apgrOn(rest, (position) => labelled[position]!.shipped.inputTokens));
      values.learned.push(learnedApgr);
      values.guarded.push(training.decision.activate ? learnedApgr : shippedApgr);
      if (training.decision.activate) activated += 1;
      const outOfFold = training.comparison.versusBaseline.learned!;
      splitDetails.push({ outOfFoldGain: outOfFold.estimate, outOfFoldLower: outOfFold.lower, learnedMinusShipped: learnedApgr - shippedApgr });
    }
    const differences = values.guarded.map((value, index) => value - values.shipped[index]!);
    const result: BudgetResult = {
      n,
      splits,
      shipped: splitMean(values.shipped),
      length: splitMean(values.length),
      learned: splitMean(values.learned),
      guarded: splitMean(values.guarded),
      guardedMinusShipped: { ...splitMean(differences), worst: Math.min(...differences) },
      activatedShare: activated / splits,
      splitDetails,
    };
    log(`n = ${n}: shipped ${result.shipped.mean.toFixed(3)}, length ${result.length.mean.toFixed(3)}, learned ${result.learned.mean.toFixed(3)}, guarded ${result.guarded.mean.toFixed(3)} (activated in ${activated}/${splits} splits)`);
    budgets.push(result);
  }
  return {
    file: options.file,
    strongModel,
    weakModel,
    pairNote,
    currentRouter: current.describe,
    poolRows: pool.length,
    excluded: { contaminated: parsed.rows.length - clean.length, inTraining: trainingPrompts ? clean.length - unseen.length : undefined, sampledAway: unseen.length - pool.length },
    budgets,
    skippedBudgets,
    seconds: (performance.now() - started) / 1000,
  };
}
