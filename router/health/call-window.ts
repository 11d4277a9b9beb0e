/** Calls of the last `windowMs`: how many, how many failed, their mean latency. */
export type WindowStats = { calls: number; failures: number; errorRate: number; meanLatencyMs: number | undefined };

type Bucket = { start: number; successes: number; failures: number; latencySum: number };

const BUCKETS = 10;

/**
 * A sliding window of one deployment's outcomes, in ten buckets of a tenth of the window each, so
 * old calls leave it in steps and a record costs a few additions. Failures count toward the error
 * rate; latency is averaged over successes (a failure's time says little about the model's speed).
 */
export class CallWindow {
  readonly windowMs: number;
  readonly #bucketMs: number;
  readonly #buckets: Bucket[] = [];

  constructor(windowMs: number) {
    this.windowMs = windowMs;
    this.#bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS));
  }

  #current(now: number): Bucket {
    const start = now - (now % this.#bucketMs);
    const last = this.#buckets.at(-1);
    if (last !== undefined && last.start === start) return last;
    const bucket = { start, successes: 0, failures: 0, latencySum: 0 };
    this.#buckets.push(bucket);
    this.#evict(now);
    return bucket;
  }

  #evict(now: number): void {
    const oldest = now - this.windowMs;
    while (this.#buckets.length > 0 && this.#buckets[0]!.start + this.#bucketMs <= oldest) this.#buckets.shift();
  }

  success(now: number, latencyMs: number): void {
    const bucket = this.#current(now);
    bucket.successes++;
    bucket.latencySum += latencyMs;
  }

  failure(now: number): void {
    this.#current(now).failures++;
  }

  stats(now: number): WindowStats {
    this.#evict(now);
    let successes = 0;
    let failures = 0;
    let latencySum = 0;
    for (const bucket of this.#buckets) {
      successes += bucket.successes;
      failures += bucket.failures;
      latencySum += bucket.latencySum;
    }
    const calls = successes + failures;
    return { calls, failures, errorRate: calls === 0 ? 0 : failures / calls, meanLatencyMs: successes === 0 ? undefined : latencySum / successes };
  }
}
