import type { Dispatcher } from 'undici';
import { requestOf, type BenchPayload } from './overhead-targets.ts';
import type { OverheadTarget } from './overhead-targets.ts';
import { runLoad } from './run-load.ts';

export type InterleavedOptions = {
  rounds: number;
  /** Requests per target per round. */
  requests: number;
  concurrency: number;
  stream: boolean;
  /** Which request to send (default `chat`); targets that do not speak it are left out. */
  payload?: BenchPayload;
  /** Bound on each batch (one target, one round). */
  batchTimeLimitMs: number;
};

/** Everything one target collected over all rounds. */
export type TargetSamples = {
  totalMs: number[];
  firstByteMs: number[];
  errors: number;
  firstError: string | undefined;
  /** Sum of the batches' wall times; completed / elapsed is the throughput. */
  elapsedMs: number;
};

export type MeasuredTarget = { target: OverheadTarget; dispatcher: Dispatcher };

/**
 * Runs every target `rounds` times in alternation, rotating who goes first each round, so slow
 * drift (CPU frequency, GC, the page cache, a noisy neighbour) lands on every target alike instead
 * of on whichever ran last.
 */
export async function measureInterleaved(targets: readonly MeasuredTarget[], options: InterleavedOptions): Promise<Map<string, TargetSamples>> {
  const samples = new Map<string, TargetSamples>(targets.map(({ target }) => [target.key, { totalMs: [], firstByteMs: [], errors: 0, firstError: undefined, elapsedMs: 0 }]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (let index = 0; index < targets.length; index += 1) {
      const { target, dispatcher } = targets[(index + round) % targets.length];
      const request = requestOf(target, options.payload ?? 'chat', { stream: options.stream });
      if (request === undefined) continue;
      const result = await runLoad({
        dispatcher,
        request,
        concurrency: options.concurrency,
        requests: options.requests,
        timeLimitMs: options.batchTimeLimitMs,
      });
      const into = samples.get(target.key)!;
      for (const value of result.totalMs) into.totalMs.push(value);
      for (const value of result.firstByteMs) into.firstByteMs.push(value);
      into.errors += result.errors;
      into.firstError ??= result.firstError;
      into.elapsedMs += result.elapsedMs;
    }
  }
  return samples;
}
