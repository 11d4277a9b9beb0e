import { createHistogram } from 'node:perf_hooks';

export type ScoreOutcome = 'ok' | 'timeout' | 'overloaded' | 'error' | 'closed';

export interface ScorerPoolMetricsSnapshot {
  readonly outcomes: Readonly<Record<ScoreOutcome, number>>;
  /** Round trip from the event loop (submit → result), successful tasks only. */
  readonly roundTripMs: { readonly p50: number; readonly p99: number; readonly max: number; readonly count: number };
  /** Time inside the worker (featurize + ONNX), successful tasks only. */
  readonly workerMs: { readonly p50: number; readonly p99: number; readonly max: number; readonly count: number };
}

export interface ScorerPoolMetrics {
  record(outcome: ScoreOutcome, roundTripMs?: number, workerMs?: number): void;
  snapshot(): ScorerPoolMetricsSnapshot;
}

/** Histograms hold integers: latencies are recorded in microseconds and reported in ms. */
function summarize(histogram: ReturnType<typeof createHistogram>) {
  if (histogram.count === 0) return { p50: 0, p99: 0, max: 0, count: 0 };
  return {
    p50: histogram.percentile(50) / 1000,
    p99: histogram.percentile(99) / 1000,
    max: histogram.max / 1000,
    count: histogram.count,
  };
}

/** Outcome counters and latency histograms of a scorer pool. */
export function createScorerPoolMetrics(): ScorerPoolMetrics {
  const outcomes: Record<ScoreOutcome, number> = { ok: 0, timeout: 0, overloaded: 0, error: 0, closed: 0 };
  const roundTrip = createHistogram();
  const inWorker = createHistogram();
  return {
    record(outcome, roundTripMs, workerMs) {
      outcomes[outcome] += 1;
      if (roundTripMs !== undefined) roundTrip.record(Math.max(1, Math.round(roundTripMs * 1000)));
      if (workerMs !== undefined) inWorker.record(Math.max(1, Math.round(workerMs * 1000)));
    },
    snapshot: () => ({ outcomes: { ...outcomes }, roundTripMs: summarize(roundTrip), workerMs: summarize(inWorker) }),
  };
}
