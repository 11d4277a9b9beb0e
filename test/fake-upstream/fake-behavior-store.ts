/**
 * Chooses the behaviour for a request: an `x-fake-behavior` header wins, then the first queued
 * one-shot behaviour that matches the model, then the per-model behaviour, then the default.
 */
import { defaultFakeBehavior, parseFakeBehavior, type FakeBehavior } from './fake-behavior.ts';

interface QueuedBehavior {
  behavior: FakeBehavior;
  model: string | undefined;
}

const headerCacheLimit = 256;

export class FakeBehaviorStore {
  private fallback: FakeBehavior;
  private readonly byModel = new Map<string, FakeBehavior>();
  private readonly queue: QueuedBehavior[] = [];
  /** Parsed header values, so a benchmark sending the same header does not re-parse it. */
  private readonly headerCache = new Map<string, FakeBehavior>();

  constructor(private readonly initialBehavior: FakeBehavior = defaultFakeBehavior) {
    this.fallback = initialBehavior;
  }

  setDefault(behavior: FakeBehavior): void {
    this.fallback = parseFakeBehavior(behavior);
  }

  /** The behaviour for requests nothing else matches (set by `setDefault`). */
  defaultBehavior(): FakeBehavior {
    return this.fallback;
  }

  setFor(model: string, behavior: FakeBehavior): void {
    this.byModel.set(model, parseFakeBehavior(behavior));
  }

  enqueue(behavior: FakeBehavior, model: string | undefined): void {
    this.queue.push({ behavior: parseFakeBehavior(behavior), model });
  }

  reset(): void {
    this.fallback = this.initialBehavior;
    this.byModel.clear();
    this.queue.length = 0;
  }

  /** @throws TypeError when the header is not a valid behaviour */
  select(model: string, headerValue: string | undefined): FakeBehavior {
    if (headerValue !== undefined) return this.parseHeader(headerValue);
    if (this.queue.length > 0) {
      const position = this.queue.findIndex((entry) => entry.model === undefined || entry.model === model);
      if (position !== -1) return this.queue.splice(position, 1)[0].behavior;
    }
    return this.byModel.get(model) ?? this.fallback;
  }

  private parseHeader(headerValue: string): FakeBehavior {
    const cached = this.headerCache.get(headerValue);
    if (cached !== undefined) return cached;
    let parsed: unknown;
    try {
      parsed = JSON.parse(headerValue);
    } catch {
      throw new TypeError('x-fake-behavior is not valid JSON');
    }
    const behavior = parseFakeBehavior(parsed);
    if (this.headerCache.size >= headerCacheLimit) this.headerCache.clear();
    this.headerCache.set(headerValue, behavior);
    return behavior;
  }
}
