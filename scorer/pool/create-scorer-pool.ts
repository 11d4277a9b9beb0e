import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { LearnedModelsMessage, LearnedTextModel, ScoreTask, ScoreTaskResult, ScoreWorkerData } from '../worker/score-task.ts';
import { createScorerPoolMetrics, type ScorerPoolMetricsSnapshot } from './scorer-pool-metrics.ts';

export interface ScorerPoolOptions {
  /** Worker threads; default min(2, cores). */
  size?: number;
  /** Per-task budget, queue wait included; default 50 ms. */
  timeoutMs?: number;
  /** Tasks that may wait for a worker; beyond it a score is refused as `overloaded`. Default 256. */
  maxQueue?: number;
  /** Default: models/model.onnx of this repository. */
  modelPath?: string;
  /**
   * The worker entry (tests inject slow or failing workers). Default: the compiled
   * `score-worker.js` beside this module in dist/; from the TypeScript sources (development and
   * tests only), a bootstrap that registers tsx in the worker.
   */
  workerFile?: string;
}

export type PoolScoreResult =
  | {
      ok: true;
      difficulty: number;
      logit: number;
      inputTokens: number;
      workerMs: number;
      featurizeMs: number;
      ms: number;
      /** Text terms of the learned models the worker held (by key); a model missing here was not computed. */
      learnedText?: Readonly<Record<string, number>>;
      learnedMs?: number;
    }
  | { ok: false; reason: 'timeout' | 'overloaded' | 'error' | 'closed'; message: string; ms: number };

export interface ScorerPool {
  readonly size: number;
  /**
   * Rates `task` (default: `text`) and counts the tokens of `text`, the whole prompt. Never
   * rejects: every failure is a `{ ok: false, reason }` value.
   */
  score(text: string, task?: string): Promise<PoolScoreResult>;
  /**
   * The learned gain models whose text term every worker computes for each rated text from now
   * on (replaces the previous set; an empty list stops it). Workers receive them asynchronously:
   * until one has, its results lack those keys.
   */
  setLearnedModels(models: readonly LearnedTextModel[]): void;
  /** Resolves once every worker has loaded the tokenizer and the model (rejects if one cannot). */
  ready(): Promise<void>;
  metrics(): ScorerPoolMetricsSnapshot & { readonly size: number; readonly queueSize: number; readonly utilization: number };
  close(): Promise<void>;
}

// `#models/…` is package.json's "imports" map: the same path from the sources and from dist/.
export const defaultModelPath = createRequire(import.meta.url).resolve('#models/model.onnx');
const runsFromSources = import.meta.url.endsWith('.ts');
const defaultWorkerFile = fileURLToPath(new URL(runsFromSources ? '../worker/score-worker-bootstrap.mjs' : '../worker/score-worker.js', import.meta.url));

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

const TIMED_OUT = Symbol('timed out');
const warmUpRounds = 20;

function warmUpText(round: number): string {
  const sentence = `Round ${round}: explain, step by step, why the sum of two odd numbers is even. `;
  return sentence.repeat(1 + ((round * 37) % 90));
}

/**
 * A piscina pool of scoring workers, each holding one tokenizer and one ONNX session. Bounded:
 * a full queue refuses at once (`overloaded`), a task past its budget resolves as `timeout`
 * (the worker finishes it and its result is dropped: aborting a running task would kill the
 * worker and its loaded model).
 */
export function createScorerPool(options: ScorerPoolOptions = {}): ScorerPool {
  const size = options.size ?? defaultPoolSize();
  const timeoutMs = options.timeoutMs ?? 50;
  const maxQueue = options.maxQueue ?? 256;
  const learnedChannelName = `switchyard-scorer-learned-${randomUUID()}`;
  const workerData: ScoreWorkerData = { modelPath: options.modelPath ?? defaultModelPath, learnedChannel: learnedChannelName };
  const piscina = new Piscina<ScoreTask, ScoreTaskResult>({
    filename: options.workerFile ?? defaultWorkerFile,
    minThreads: size,
    maxThreads: size,
    maxQueue,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData,
  });
  const metrics = createScorerPoolMetrics();
  let closed = false;
  // Learned models reach the workers by broadcast, not in every task (two 128 KiB arrays per
  // model). A worker that missed a broadcast (started or restarted after it) answers with an older
  // version; the set is then sent again, at most once a second.
  const learnedChannel = new BroadcastChannel(learnedChannelName);
  learnedChannel.unref();
  let learnedMessage: LearnedModelsMessage = { version: 0, models: [] };
  let learnedSentAt = 0;
  const broadcastLearned = () => {
    learnedSentAt = performance.now();
    learnedChannel.postMessage(learnedMessage);
  };

  const failure = (reason: 'timeout' | 'overloaded' | 'error' | 'closed', message: string, started: number): PoolScoreResult => {
    metrics.record(reason);
    return { ok: false, reason, message, ms: performance.now() - started };
  };

  const score = async (text: string, task?: string): Promise<PoolScoreResult> => {
    const started = performance.now();
    if (closed) return failure('closed', 'the scorer pool is closed', started);
    if (piscina.queueSize >= maxQueue) return failure('overloaded', `scorer queue is full (${maxQueue} waiting)`, started);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, TIMED_OUT);
    });
    const run = piscina.run(task === undefined || task === text ? { text } : { text, task });
    run.catch(() => undefined); // a late failure after a timeout must not surface as unhandled
    try {
      const result = await Promise.race([run, deadline]);
      if (result === TIMED_OUT) return failure('timeout', `scoring took longer than ${timeoutMs} ms`, started);
      if (!result.ok) return failure('error', result.message, started);
      if ((result.learnedVersion ?? 0) < learnedMessage.version && performance.now() - learnedSentAt > 1_000) broadcastLearned();
      const ms = performance.now() - started;
      metrics.record('ok', ms, result.workerMs);
      return { ...result, ms };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (closed) return failure('closed', message, started);
      return failure(/queue is at limit/i.test(message) ? 'overloaded' : 'error', message, started);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    size,
    score,
    setLearnedModels(models) {
      learnedMessage = { version: learnedMessage.version + 1, models };
      broadcastLearned();
    },
    async ready() {
      // Load every worker, then run a few rounds so the first real prompts meet warmed-up code.
      const results: ScoreTaskResult[] = [];
      for (let round = 0; round < warmUpRounds; round += 1) {
        results.push(...(await Promise.all(Array.from({ length: size }, (_, index) => piscina.run({ text: warmUpText(round + index) })))));
      }
      const failed = results.find((result) => !result.ok);
      if (failed !== undefined && !failed.ok) throw new Error(`scorer worker failed to start: ${failed.message}`);
    },
    metrics: () => ({ ...metrics.snapshot(), size, queueSize: piscina.queueSize, utilization: piscina.utilization }),
    async close() {
      if (closed) return;
      closed = true;
      learnedChannel.close();
      await piscina.destroy();
    },
  };
}
