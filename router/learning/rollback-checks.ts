import type { ScorerClient } from '../scoring/scorer-client.ts';
import type { Label, LabelledRequest } from '././labels/label.ts';
import { readActiveFile } from './learned-model-files.ts';
import type { LearnedRouters } from './learned-routers.ts';
import type { RollbackMonitor, RollbackVerdict } from './rollback-monitor.ts';
import type { LabelledPrompt } from '././training/train-learned-router.ts';

export type RollbackChecksOptions = {
  routers: LearnedRouters;
  rollback: RollbackMonitor;
  /** The shipped scorer (its difficulty logit is what the current router ranks by); absent: nothing to compare yet. */
  scorer: () => ScorerClient | undefined;
  /** The gateway's labelled requests (shadow evaluation and feedback, with their stored prompts). */
  requests: () => AsyncIterable<LabelledRequest>;
  intervalMs: number;
  log: { warn(details: object, message: string): void; info(details: object, message: string): void };
};

/** The newest label of `model` given after `since` (any source): a fresh label, not one training saw. */
function freshScore(labels: readonly Label[], model: string, since: number): number | undefined {
  let newest: Label | undefined;
  for (const label of labels) if (label.model === model && label.at > since && (newest === undefined || label.at > newest.at)) newest = label;
  return newest?.score;
}

/**
 * Keeps judging each active learned router on the labels that arrived after it was activated:
 * every `intervalMs`, off the request path, the store's labelled requests with a stored prompt and
 * a fresh label for both models of the pair are scored by the shipped scorer and handed to the
 * rollback monitor, which rolls a losing router back (active.json, log, metric, alert). `runOnce`
 * is the same check now (`POST /admin/learned/check`).
 */
export class RollbackChecks {
  readonly #options: RollbackChecksOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<RollbackVerdict[]> | undefined;

  constructor(options: RollbackChecksOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.runOnce().catch((error: unknown) => this.#options.log.warn({ err: error }, 'learned router check failed'));
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  close(): void {
    clearInterval(this.#timer);
  }

  /** One check of every active pair (one at a time: a second call waits for the running one). */
  runOnce(): Promise<RollbackVerdict[]> {
    this.#running ??= this.#check().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(): Promise<RollbackVerdict[]> {
    const { routers, rollback } = this.#options;
    const active = routers.status();
    if (active.length === 0) return [];
    const scorer = this.#options.scorer();
    if (scorer === undefined) return active.map((status) => ({ pair: status.pair, action: 'none', reason: 'no scorer running: the current router cannot be scored' }));
    const history = (await readActiveFile(routers.directory)).history;
    const requests: LabelledRequest[] = [];
    for await (const request of this.#options.requests()) if (request.prompt !== undefined) requests.push(request);
    const verdicts: RollbackVerdict[] = [];
    for (const status of active) {
      const activation = history.filter((entry) => entry.pair === status.pair && entry.action === 'activate' && entry.directory === status.directory).at(-1);
      const since = activation === undefined ? 0 : Date.parse(activation.at);
      const rows: LabelledPrompt[] = [];
      for (const request of requests) {
        const strong = freshScore(request.labels, status.strongModel, since);
        const weak = freshScore(request.labels, status.weakModel, since);
        if (strong === undefined || weak === undefined) continue;
        const scored = await scorer.score(request.prompt!);
        if (!scored.ok) continue;
        rows.push({ prompt: request.prompt!, strongQuality: strong, weakQuality: weak, shipped: { logit: scored.logit, inputTokens: scored.inputTokens } });
      }
      verdicts.push(await rollback.evaluate(status.strongModel, status.weakModel, rows));
    }
    return verdicts;
  }
}
