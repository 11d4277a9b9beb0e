import { pairKey, updateActiveFile } from './learned-model-files.ts';
import type { LearnedRouters } from './learned-routers.ts';
import type { ShippedScore } from '././training/train-current-router.ts';
import { compareRouters, type RouterComparison } from '././training/train-cross-validate.ts';
import type { LabelledPrompt } from '././training/train-learned-router.ts';

export interface RollbackSettings {
  /** Fresh labels needed before a verdict (default 100). */
  readonly minRows: number;
  /** Roll back when APGR(learned) − APGR(current) on fresh labels is below −margin (default 0: any loss). */
  readonly margin: number;
}

export const defaultRollbackSettings: RollbackSettings = { minRows: 100, margin: 0 };

export type RollbackVerdict =
  | { readonly pair: string; readonly action: 'none'; readonly reason: string }
  | { readonly pair: string; readonly action: 'keep' | 'rollback'; readonly reason: string; readonly comparison: RouterComparison };

/** What a rollback tells the operator (the alert hook receives it). */
export interface RollbackEvent {
  readonly pair: string;
  readonly strongModel: string;
  readonly weakModel: string;
  readonly directory: string;
  readonly learnedApgr: number;
  readonly currentApgr: number;
  readonly rows: number;
  readonly reason: string;
}

export interface RollbackMonitorOptions {
  readonly routers: LearnedRouters;
  /** The current (shipped) router's preference for the strong model of a pair. */
  readonly currentScore: (strongModel: string, weakModel: string) => (shipped: ShippedScore) => number;
  readonly settings?: RollbackSettings;
  readonly log?: { warn(details: object, message: string): void; info(details: object, message: string): void };
  /** Counts rollbacks per pair (a Prometheus counter in the gateway). */
  readonly onRollbackMetric?: (pair: string) => void;
  /** The alert hook: the gateway sends a `learned_router_rollback` alert (log + webhook). */
  readonly alert?: (event: RollbackEvent) => void;
  readonly now?: () => number;
}

const format = (value: number) => value.toFixed(3);

/**
 * After activation, fresh labels (shadow evaluation, feedback) keep comparing the learned router
 * with the current one on the same prompts. When the learned one loses, it is rolled back: its pair
 * leaves active.json (the gateway's watch swaps it out, no restart), with a log line, a metric and
 * an alert.
 */
export class RollbackMonitor {
  readonly #options: RollbackMonitorOptions;

  constructor(options: RollbackMonitorOptions) {
    this.#options = options;
  }

  /** Judges the active learned router of one pair on fresh labelled rows; rolls it back if it lost. */
  async evaluate(strongModel: string, weakModel: string, rows: readonly LabelledPrompt[]): Promise<RollbackVerdict> {
    const { routers } = this.#options;
    const settings = this.#options.settings ?? defaultRollbackSettings;
    const pair = pairKey(strongModel, weakModel);
    const active = routers.status().find((status) => status.pair === pair);
    if (active === undefined) return { pair, action: 'none', reason: 'no learned router is active for this pair' };
    if (rows.length < settings.minRows) return { pair, action: 'none', reason: `${rows.length} fresh labels, fewer than the ${settings.minRows} a verdict needs` };
    const current = this.#options.currentScore(strongModel, weakModel);
    const currentScores = rows.map((row) => current(row.shipped));
    const learned = rows.map((row, index) => routers.gain(strongModel, weakModel, { text: row.prompt, prior: currentScores[index]!, logit: row.shipped.logit, inputTokens: row.shipped.inputTokens }) ?? Number.NaN);
    // Rolled back by someone else meanwhile: nothing to judge.
    if (learned.some((value) => Number.isNaN(value))) return { pair, action: 'none', reason: 'the learned router was swapped out while judging' };
    const comparison = compareRouters(rows, { learned, current: currentScores }, 'current', { resamples: 500 });
    const learnedApgr = comparison.apgr.learned!.estimate;
    const currentApgr = comparison.apgr.current!.estimate;
    const difference = comparison.versusBaseline.learned!;
    const summary = `on ${rows.length} fresh labels the learned router's APGR is ${format(learnedApgr)} vs the current router's ${format(currentApgr)} (difference ${format(difference.estimate)}, 95 % interval ${format(difference.lower)} … ${format(difference.upper)})`;
    if (!(difference.estimate < -settings.margin)) {
      this.#options.log?.info({ pair, learnedApgr, currentApgr, rows: rows.length }, `learned router kept: ${summary}`);
      return { pair, action: 'keep', reason: `kept: ${summary}`, comparison };
    }
    const reason = `rolled back: ${summary}`;
    const at = new Date((this.#options.now ?? Date.now)()).toISOString();
    await updateActiveFile(routers.directory, (file) => {
      const { [pair]: _removed, ...rest } = file.active;
      return { version: 1, active: rest, history: [...file.history, { at, pair, action: 'rollback', directory: active.directory, reason }] };
    });
    await routers.load();
    this.#options.log?.warn({ pair, directory: active.directory, learnedApgr, currentApgr, rows: rows.length }, `learned router ${reason}`);
    this.#options.onRollbackMetric?.(pair);
    this.#options.alert?.({ pair, strongModel, weakModel, directory: active.directory, learnedApgr, currentApgr, rows: rows.length, reason });
    return { pair, action: 'rollback', reason, comparison };
  }
}
