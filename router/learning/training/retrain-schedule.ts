import { loadModelCatalog, type ModelCatalog } from '../../catalog/load-model-catalog.ts';
import { resolveModelProfile } from '../../catalog/resolve-model-profile.ts';
import type { CompiledConfig, RetrainSettings } from '../../config/compiled-config.ts';
import { defaultGuardSettings } from './guard-decide-activation.ts';
import type { LabelledRequest } from '../labels/label.ts';
import { labelRowsOf } from '../labels/label-rows.ts';
import { newestTrainingAt, pairKey } from '../learned-model-files.ts';
import type { LearnedRouters } from '../learned-routers.ts';
import type { RetrainJob, RetrainJobResult } from './retrain-job.ts';

export type RetrainOutcome = {
  readonly pair: string;
  /** `activated` / `refused`: trained, and the guard's verdict; `skipped`: too few new labels; `failed`: training failed. */
  readonly action: 'activated' | 'refused' | 'skipped' | 'failed';
  readonly reason: string;
  /** Labelled prompts of the pair, and how many of them have a label newer than its last training. */
  readonly rows: number;
  readonly newLabels: number;
};

export type RetrainScheduleOptions = {
  routers: LearnedRouters;
  /** The running config's `learning.retrain` (read at every round: a reload changes it). */
  settings: () => RetrainSettings | undefined;
  /** The running config's deployments: labelled models that are not deployments are not trained. */
  deployments: () => CompiledConfig['deployments'];
  /** The gateway's labelled requests (with their stored prompts). */
  requests: () => AsyncIterable<LabelledRequest>;
  /** Where the rows came from, for the manifest. */
  source: string;
  runJob: (job: RetrainJob) => Promise<RetrainJobResult>;
  onOutcome: (outcome: RetrainOutcome) => void;
  log: { warn(details: object, message: string): void; info(details: object, message: string): void };
  now?: () => number;
};

/**
 * Periodic retraining (`learning.retrain`): every `every`, off the request path, each pair of
 * labelled models (the more capable by the catalog's ability first) that has at least
 * `min_labels` labelled prompts with a label newer than the pair's last training is trained again
 * on all its labelled prompts, in a worker thread (`runJob`): the guard decides, an accepted model
 * is activated through active.json (the hot reload), and each round is logged and counted. One
 * round at a time; a round the timer starts while one runs is skipped.
 */
export class RetrainSchedule {
  readonly #options: RetrainScheduleOptions;
  readonly #trainedAt = new Map<string, number>();
  readonly #catalog: ModelCatalog = loadModelCatalog();
  #timer: NodeJS.Timeout | undefined;
  #everyMs: number | undefined;
  #running: Promise<RetrainOutcome[]> | undefined;

  constructor(options: RetrainScheduleOptions) {
    this.#options = options;
  }

  /** (Re)arms the timer for the current settings; call on start and after every reload. */
  configure(): void {
    const everyMs = this.#options.settings()?.everyMs;
    if (everyMs === this.#everyMs) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#everyMs = everyMs;
    if (everyMs === undefined) return;
    this.#timer = setInterval(() => {
      if (this.#running !== undefined) return;
      this.runOnce().catch((error: unknown) => this.#options.log.warn({ err: error }, 'learned router retraining failed'));
    }, everyMs);
    this.#timer.unref();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#everyMs = undefined;
  }

  /** One round now (a second call while one runs gets the running round). */
  runOnce(): Promise<RetrainOutcome[]> {
    this.#running ??= this.#round().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #round(): Promise<RetrainOutcome[]> {
    const settings = this.#options.settings();
    if (settings === undefined) return [];
    const now = this.#options.now ?? Date.now;
    const requests: LabelledRequest[] = [];
    for await (const request of this.#options.requests()) if (request.prompt !== undefined) requests.push(request);
    const byId = new Map(requests.map((request) => [request.requestId, request]));
    const outcomes: RetrainOutcome[] = [];
    for (const [strongModel, weakModel] of this.#pairs(requests)) {
      const pair = pairKey(strongModel, weakModel);
      const since = Math.max(this.#trainedAt.get(pair) ?? 0, await newestTrainingAt(this.#options.routers.directory, strongModel, weakModel));
      const rows = labelRowsOf(requests, { models: [strongModel, weakModel] });
      if (rows.length === 0) continue;
      const newLabels = rows.filter((row) => byId.get(row.id)!.labels.some((label) => (label.model === strongModel || label.model === weakModel) && label.at > since)).length;
      if (newLabels < settings.minLabels) {
        outcomes.push({ pair, action: 'skipped', reason: `${newLabels} labelled prompts since the last training, fewer than min_labels ${settings.minLabels}`, rows: rows.length, newLabels });
        continue;
      }
      const startedAt = now();
      const result = await this.#options.runJob({
        rows,
        source: this.#options.source,
        strongModel,
        weakModel,
        directory: this.#options.routers.directory,
        guard: { ...defaultGuardSettings, minGain: settings.minGain },
        maxRows: settings.maxRows,
      });
      // Labels given while it trained count as new next time; a failed round is retried next time.
      if (result.ok) this.#trainedAt.set(pair, startedAt);
      const outcome: RetrainOutcome = result.ok
        ? { pair, action: result.activated ? 'activated' : 'refused', reason: result.reason, rows: rows.length, newLabels }
        : { pair, action: 'failed', reason: result.message, rows: rows.length, newLabels };
      if (result.ok && result.activated) await this.#options.routers.load();
      const details = { pair, rows: rows.length, newLabels, ...(result.ok ? { version: result.written, gain: result.gain, trainMs: Math.round(result.trainMs) } : {}) };
      if (outcome.action === 'failed') this.#options.log.warn(details, `learned router retraining failed: ${outcome.reason}`);
      else this.#options.log.info(details, `learned router retrained (${outcome.action}): ${outcome.reason}`);
      this.#options.onOutcome(outcome);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Every pair of labelled models that are deployments, the more capable first. */
  #pairs(requests: readonly LabelledRequest[]): Array<[string, string]> {
    const deployments = this.#options.deployments();
    const abilities = new Map<string, number>();
    for (const request of requests) {
      for (const label of request.labels) {
        const deployment = deployments.get(label.model);
        if (deployment !== undefined && !abilities.has(label.model)) abilities.set(label.model, resolveModelProfile(deployment, this.#catalog).ability);
      }
    }
    const models = [...abilities.keys()].sort((left, right) => abilities.get(right)! - abilities.get(left)! || left.localeCompare(right));
    return models.flatMap((strong, index) => models.slice(index + 1).map((weak): [string, string] => [strong, weak]));
  }
}
