import type { RedisConnection } from './redis-connection.ts';

/** Which deployment answered a Responses response id, and for which API key (undefined: no key). */
export type ResponseOwner = { deployment: string; keyId: string | undefined };

/**
 * Remembers which deployment produced a response id, so a follow-up naming it
 * (`previous_response_id`) reaches the deployment that holds its state. Ids are kept 30 days
 * (OpenAI keeps stored responses that long by default).
 */
export interface ResponseAffinity {
  remember(responseId: string, owner: ResponseOwner): Promise<void>;
  lookup(responseId: string): Promise<ResponseOwner | undefined>;
}

export const RESPONSE_AFFINITY_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** One process: a map bounded by `maxEntries` (the oldest go first) and the TTL. */
export class MemoryResponseAffinity implements ResponseAffinity {
  readonly #entries = new Map<string, ResponseOwner & { expiresAt: number }>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(options: { now: () => number; maxEntries?: number }) {
    this.#now = options.now;
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  remember(responseId: string, owner: ResponseOwner): Promise<void> {
    this.#entries.delete(responseId);
    this.#entries.set(responseId, { ...owner, expiresAt: this.#now() + RESPONSE_AFFINITY_TTL_MS });
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return Promise.resolve();
  }

  lookup(responseId: string): Promise<ResponseOwner | undefined> {
    const entry = this.#entries.get(responseId);
    if (entry === undefined || entry.expiresAt <= this.#now()) return Promise.resolve(undefined);
    return Promise.resolve({ deployment: entry.deployment, keyId: entry.keyId });
  }
}

/**
 * Every replica's ids in Redis (`<prefix>response:<id>` → JSON owner, expiring with the TTL), so a
 * follow-up reaching another replica finds its deployment. Also kept in this process's memory: a
 * Redis that does not answer only loses what other replicas remembered meanwhile.
 */
export class RedisResponseAffinity implements ResponseAffinity {
  readonly #connection: RedisConnection;
  readonly #local: MemoryResponseAffinity;

  constructor(connection: RedisConnection, options: { now: () => number }) {
    this.#connection = connection;
    this.#local = new MemoryResponseAffinity(options);
  }

  #key(responseId: string): string {
    return this.#connection.key(`response:${responseId}`);
  }

  async remember(responseId: string, owner: ResponseOwner): Promise<void> {
    await this.#local.remember(responseId, owner);
    try {
      await this.#connection.bounded(this.#connection.client.set(this.#key(responseId), JSON.stringify(owner), 'PX', RESPONSE_AFFINITY_TTL_MS));
    } catch (error) {
      this.#connection.failed(error);
    }
  }

  async lookup(responseId: string): Promise<ResponseOwner | undefined> {
    try {
      const stored = await this.#connection.bounded(this.#connection.client.get(this.#key(responseId)));
      if (stored !== null) {
        const parsed = JSON.parse(stored) as { deployment?: unknown; keyId?: unknown };
        if (typeof parsed.deployment === 'string') return { deployment: parsed.deployment, keyId: typeof parsed.keyId === 'string' ? parsed.keyId : undefined };
      }
    } catch (error) {
      this.#connection.failed(error);
    }
    return this.#local.lookup(responseId);
  }
}
