import type { Redis } from 'ioredis';
import type { RedisConnection } from '../state/redis-connection.ts';
import type { LimitRefusal } from './limit-refusal.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { RateLimitedAccount, RateLimits, RateUsage } from './rate-limits.ts';
import { ADMIT_SCRIPT, CORRECT_SCRIPT, USAGE_SCRIPT } from './sliding-window-scripts.ts';

type ScriptArgument = string | number;

/** The scripts, as ioredis commands (EVALSHA, falling back to EVAL once after a Redis restart). */
type SlidingWindowCommands = {
  switchyardAdmit(key: string, ...args: ScriptArgument[]): Promise<number[]>;
  switchyardCorrect(key: string, ...args: ScriptArgument[]): Promise<number>;
  switchyardUsage(key: string, ...args: ScriptArgument[]): Promise<number[]>;
};

/** Defines the sliding-window scripts on a client (idempotent per client). */
export function defineSlidingWindowCommands(client: Redis): Redis & SlidingWindowCommands {
  client.defineCommand('switchyardAdmit', { numberOfKeys: 1, lua: ADMIT_SCRIPT });
  client.defineCommand('switchyardCorrect', { numberOfKeys: 1, lua: CORRECT_SCRIPT });
  client.defineCommand('switchyardUsage', { numberOfKeys: 1, lua: USAGE_SCRIPT });
  return client as Redis & SlidingWindowCommands;
}

/**
 * rpm/tpm windows shared by every replica through Redis (see sliding-window-scripts.ts): one
 * script call per admission, atomic, so N replicas enforce one limit. While Redis is unavailable
 * (down, or a command failed or timed out) each replica falls back to its own in-process window:
 * fail open, every replica then enforcing the whole limit on its own. That local window starts empty
 * and is not merged back; shared counting resumes with the next admission once Redis answers.
 */
export class SharedRateLimiter implements RateLimits {
  readonly #connection: RedisConnection;
  readonly #client: Redis & SlidingWindowCommands;
  readonly #local: RateLimiter;
  readonly #now: () => number;

  constructor(connection: RedisConnection, now: () => number) {
    this.#connection = connection;
    this.#client = defineSlidingWindowCommands(connection.client);
    this.#local = new RateLimiter(now);
    this.#now = now;
  }

  #key(provider: string): string {
    return this.#connection.key(`rate:${provider}`);
  }

  admit(provider: RateLimitedAccount, estimatedTokens: number): LimitRefusal | undefined | Promise<LimitRefusal | undefined> {
    const limits = provider.limits;
    if (limits === undefined) return undefined;
    if (!this.#connection.available) return this.#admitLocally(provider, estimatedTokens);
    return this.#admitShared(provider, limits, Math.max(0, Math.round(estimatedTokens)));
  }

  #admitLocally(provider: RateLimitedAccount, estimatedTokens: number): LimitRefusal | undefined {
    this.#connection.countFallback();
    return this.#local.admit(provider, estimatedTokens);
  }

  async #admitShared(provider: RateLimitedAccount, limits: NonNullable<RateLimitedAccount['limits']>, estimatedTokens: number): Promise<LimitRefusal | undefined> {
    let answer: number[];
    try {
      answer = await this.#connection.bounded(this.#client.switchyardAdmit(this.#key(provider.name), this.#now(), limits.rpm ?? 0, limits.tpm ?? 0, estimatedTokens));
    } catch (error) {
      this.#connection.failed(error);
      return this.#admitLocally(provider, estimatedTokens);
    }
    const [verdict, waitMs] = answer;
    if (verdict === 1) return { reason: `rate limit (rpm ${limits.rpm})`, retryAfterMs: Number(waitMs) };
    if (verdict === 2) return { reason: `rate limit (tpm ${limits.tpm})`, retryAfterMs: Number(waitMs) };
    return undefined;
  }

  correctTokens(provider: string, admittedAt: number, delta: number): void {
    const tokens = Math.round(delta);
    if (tokens === 0) return;
    if (!this.#connection.available) {
      this.#local.correctTokens(provider, admittedAt, tokens);
      return;
    }
    // Off the request path: the answer is already sent. A lost correction only skews one minute.
    this.#connection.bounded(this.#client.switchyardCorrect(this.#key(provider), this.#now(), admittedAt, tokens)).catch((error: unknown) => this.#connection.failed(error));
  }

  async usage(provider: string): Promise<RateUsage> {
    if (!this.#connection.available) return this.#local.usage(provider);
    try {
      const [requests, tokens] = await this.#connection.bounded(this.#client.switchyardUsage(this.#key(provider), this.#now()));
      return { requests: Number(requests), tokens: Number(tokens) };
    } catch (error) {
      this.#connection.failed(error);
      return this.#local.usage(provider);
    }
  }
}
