import type { ChatRequest } from '../../core/chat-request.ts';
import type { ProviderLimits } from '../../limits/provider-limits.ts';
import type { PlanStep } from '../../routing/routing-types.ts';
import type { RuntimeHolder } from '../../runtime/runtime-holder.ts';
import type { SpendStore } from '../../spend/spend-store.ts';
import { promptText, taskText } from '../../scoring/prompt-text.ts';
import { estimateInputTokens } from '../../signals/estimate-input-tokens.ts';
import type { Label } from '../labels/label.ts';
import type { LabelStore } from '../labels/label-store.ts';
import { callShadowDeployment, estimateCallCost, type ShadowAnswer } from './shadow-call.ts';
import { ShadowBudget } from './shadow-budget.ts';
import { buildJudgeMessage, SHADOW_JUDGE_INSTRUCTIONS } from './shadow-judge-prompt.ts';
import type { ShadowMetrics } from './shadow-metrics.ts';
import { parseJudgeVerdict } from './shadow-parse-verdict.ts';
import type { ShadowSettings } from './shadow-settings.ts';

/** A served request the runner may shadow-evaluate. */
export type ShadowCandidate = {
  requestId: string;
  request: ChatRequest;
  /** The plan step that served it (its router path names the smart router). */
  step: PlanStep;
  /** A guardrail acted on the request (fired, rerouted, filtered tools, warned): it is never sent anywhere else. */
  guarded: boolean;
};

/** Tokens the judge may answer with (a JSON object of grades). */
const JUDGE_OUTPUT_TOKENS = 200;
/** The judge's instructions and framing, in tokens, for the estimate. */
const JUDGE_FRAMING_TOKENS = 400;

export type ShadowRunnerOptions = {
  holder: RuntimeHolder;
  labels: LabelStore;
  limits: ProviderLimits | undefined;
  metrics: ShadowMetrics;
  random: () => number;
  now: () => number;
  log: { warn(object: Record<string, unknown>, message: string): void };
  /** With a redis or postgres store: the day's shadow spend of every replica, by `shadow:<router>` (one budget for all). */
  sharedSpend?: SpendStore;
};

/**
 * Shadow evaluation (a smart router's `shadow:` block). `consider` is called once a request's
 * answer is complete and its audit row recorded; it returns at once. A sampled request — within the
 * router's concurrency cap and daily budget, else skipped and counted — is then, in the background,
 * sent to every candidate that is a model (the served one again, so every answer the judge sees is
 * made the same way: non-streamed, translated, same cap), and the judge grades the answers against
 * each other with the fixed prompt of shadow-judge-prompt.ts; the grades become `judge` labels.
 * Nothing here can delay or fail the client's request: every failure is counted and dropped.
 */
export class ShadowRunner {
  readonly #options: ShadowRunnerOptions;
  readonly #budgets = new Map<string, ShadowBudget>();
  readonly #inFlight = new Map<string, number>();
  readonly #running = new Set<Promise<void>>();
  /** Sampled runs waiting for their start (see `consider`). */
  readonly #starting = new Set<Promise<void>>();
  readonly #closing = new AbortController();

  constructor(options: ShadowRunnerOptions) {
    this.#options = options;
  }

  /**
   * Never throws: the request it is given is already answered, and nothing here may touch it.
   * Only the sampling decision runs now; a sampled run starts after the event loop has polled for
   * I/O once more (two immediates: the first runs before the next poll, the second after it), so
   * the answer's bytes and the requests already waiting on sockets go first — on a loop near its
   * limit, building and sending three upstream calls here cost the next client about 0.25 ms.
   */
  /** Whether any router has a `shadow:` block now: when none has, the handler builds no candidate for `consider`. */
  get active(): boolean {
    return !this.#closing.signal.aborted && this.#options.holder.current.config.shadow.size > 0;
  }

  consider(candidate: ShadowCandidate): void {
    try {
      const sampled = this.#sample(candidate);
      if (sampled === undefined) return;
      const starting = new Promise<void>((resolve) =>
        setImmediate(() =>
          setImmediate(() => {
            try {
              this.#start(sampled, candidate);
            } catch (error) {
              this.#options.log.warn({ requestId: candidate.requestId, error: (error as Error).message }, 'shadow evaluation not started');
            } finally {
              this.#starting.delete(starting);
              resolve();
            }
          }),
        ),
      );
      this.#starting.add(starting);
    } catch (error) {
      this.#options.log.warn({ requestId: candidate.requestId, error: (error as Error).message }, 'shadow evaluation not started');
    }
  }

  /** The router's settings when this request is sampled for evaluation. */
  #sample(candidate: ShadowCandidate): ShadowSettings | undefined {
    if (this.#closing.signal.aborted) return undefined;
    const { config } = this.#options.holder.current;
    if (config.shadow.size === 0) return undefined;
    const router = candidate.step.routerPath.findLast((name) => config.shadow.has(name));
    if (router === undefined) return undefined;
    const settings = config.shadow.get(router)!;
    if (settings.fraction === 0 || this.#options.random() >= settings.fraction) return undefined;
    return settings;
  }

  #start(settings: ShadowSettings, candidate: ShadowCandidate): void {
    if (this.#closing.signal.aborted) return;
    const router = settings.router;
    const { metrics } = this.#options;
    if (candidate.guarded) return metrics.run(router, 'skipped_guardrails');
    const running = this.#inFlight.get(router) ?? 0;
    if (running >= settings.concurrency) return metrics.run(router, 'skipped_concurrency');
    const inputTokens = estimateInputTokens(candidate.request);
    const estimate = estimateRunCost(settings, inputTokens);
    const budget = this.#budgetOf(router);
    const reservation = budget.reserve(estimate, settings.dailyBudgetUsd);
    if (reservation === undefined) return metrics.run(router, 'skipped_budget');

    this.#inFlight.set(router, running + 1);
    metrics.inFlight(router, running + 1);
    let spentUsd = 0;
    const run = this.#evaluate(settings, candidate, inputTokens, (usd) => (spentUsd += usd))
      .catch((error: unknown) => this.#options.log.warn({ router, requestId: candidate.requestId, error: (error as Error).message }, 'shadow evaluation failed'))
      .finally(() => {
        budget.settle(reservation, estimate, spentUsd);
        metrics.cost(router, spentUsd);
        const left = (this.#inFlight.get(router) ?? 1) - 1;
        this.#inFlight.set(router, left);
        metrics.inFlight(router, left);
        this.#running.delete(run);
      });
    this.#running.add(run);
  }

  /** USD spent today by a router's shadow runs: on this replica, or on all of them with a shared store. */
  spentTodayUsd(router: string): number {
    return this.#budgetOf(router).spentUsd();
  }

  /** Resolves once every run started so far has ended (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#running.size > 0 || this.#starting.size > 0) await Promise.allSettled([...this.#starting, ...this.#running]);
  }

  /** Aborts the runs in flight and waits for them to end. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.settled();
  }

  #budgetOf(router: string): ShadowBudget {
    let budget = this.#budgets.get(router);
    if (budget === undefined) {
      const { sharedSpend } = this.#options;
      budget = new ShadowBudget(this.#options.now, sharedSpend === undefined ? undefined : { store: sharedSpend, account: `shadow:${router}` });
      this.#budgets.set(router, budget);
    }
    return budget;
  }

  async #evaluate(settings: ShadowSettings, candidate: ShadowCandidate, inputTokens: number, spend: (usd: number) => void): Promise<void> {
    const { holder, metrics, limits, now, labels } = this.#options;
    const router = settings.router;
    // The run keeps the runtime (connection pools) it started on, across reloads, like a request.
    const lease = holder.acquire();
    try {
      const callOptions = (maxOutputTokens: number, inputTokens: number) => ({
        adapters: lease.runtime.adapters,
        limits,
        signal: this.#closing.signal,
        timeoutMs: settings.timeoutMs,
        maxOutputTokens,
        inputTokens,
        now,
      });
      const settledAnswers = await Promise.allSettled(settings.candidates.map((deployment) => callShadowDeployment(deployment, candidate.request, callOptions(settings.maxOutputTokens, inputTokens))));
      const answers: Array<{ model: string; answer: ShadowAnswer }> = [];
      settledAnswers.forEach((outcome, index) => {
        if (outcome.status === 'fulfilled') {
          spend(outcome.value.costUsd);
          answers.push({ model: settings.candidates[index]!.name, answer: outcome.value });
        } else metrics.failure(router, 'candidate');
      });
      if (answers.length < 2) return metrics.run(router, 'too_few_answers');

      const lettered = shuffle(answers, this.#options.random).map((entry, index) => ({ ...entry, letter: String.fromCharCode(65 + index) }));
      const judgeRequest: ChatRequest = {
        requestedModel: settings.judge.name,
        messages: [
          { role: 'system', content: [{ type: 'text', text: SHADOW_JUDGE_INSTRUCTIONS }] },
          { role: 'user', content: [{ type: 'text', text: buildJudgeMessage(promptText(candidate.request), lettered.map((entry) => ({ letter: entry.letter, text: entry.answer.text }))) }] },
        ],
        params: { temperature: 0 },
        stream: false,
        clientFormat: 'openai-chat',
      };
      let verdict: Map<string, number> | undefined;
      try {
        const judged = await callShadowDeployment(settings.judge, judgeRequest, callOptions(JUDGE_OUTPUT_TOKENS, estimateInputTokens(judgeRequest)));
        spend(judged.costUsd);
        verdict = parseJudgeVerdict(judged.text, lettered.map((entry) => entry.letter));
      } catch {
        verdict = undefined;
      }
      if (verdict === undefined) {
        metrics.failure(router, 'judge');
        return metrics.run(router, 'judge_failed');
      }
      try {
        if (settings.storePrompts) await labels.putPrompt(candidate.requestId, taskText(candidate.request), router);
        for (const entry of lettered) {
          const label: Label = { requestId: candidate.requestId, at: now(), source: 'judge', model: entry.model, score: verdict.get(entry.letter)!, rater: settings.judge.name, router, costUsd: entry.answer.costUsd };
          await labels.put(label);
        }
      } catch (error) {
        metrics.failure(router, 'store');
        throw error;
      }
      metrics.run(router, 'judged');
    } finally {
      lease.release();
    }
  }
}

/** What a run may cost at most: each candidate's input and output cap, and the judge reading every answer. */
export function estimateRunCost(settings: ShadowSettings, inputTokens: number): number {
  const answers = settings.candidates.reduce((sum, deployment) => sum + estimateCallCost(deployment, inputTokens, settings.maxOutputTokens), 0);
  const judgeInput = JUDGE_FRAMING_TOKENS + inputTokens + settings.candidates.length * settings.maxOutputTokens;
  return answers + estimateCallCost(settings.judge, judgeInput, JUDGE_OUTPUT_TOKENS);
}

/** A copy in random order (Fisher–Yates with the injected random). */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
