import type { Redis } from 'ioredis';
import { claimRedisAlert } from '../state/claim-redis-alert.ts';
import { serializeSync } from '../state/serialize-sync.ts';
import { addSpendDelta, totalsWith, type SpendDeltas } from './spend-deltas.ts';
import type { RedisConnection } from '../state/redis-connection.ts';
import type { SpendStore, SpendTotalsListener } from './spend-store.ts';

/** A month's totals outlive the month by a quarter (for /admin/limits right after a roll, and audits). */
const MONTH_TTL_SECONDS = 100 * 86_400;

/**
 * KEYS[1] the month's hash; ARGV[1] TTL (s), then (provider, delta, seed) triples. Adds the deltas,
 * or, when the hash is gone (a Redis restarted without persistence), first writes each provider's
 * seed (this replica's last known shared total plus its delta) so the month does not start over at
 * zero. Returns the hash.
 */
const FLUSH_SCRIPT = `
local fresh = redis.call('EXISTS', KEYS[1]) == 0
for i = 2, #ARGV, 3 do
  if fresh then
    if tonumber(ARGV[i + 2]) > 0 then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2]) end
  elseif tonumber(ARGV[i + 1]) ~= 0 then
    redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return redis.call('HGETALL', KEYS[1])
`;

type SpendCommands = { switchyardFlushSpend(key: string, ...args: Array<string | number>): Promise<string[]> };

/** What one replica knows of a budget threshold crossing, to claim the one alert of all replicas. */
export type AlertClaim = { provider: string; month: string; threshold: number };

/**
 * Monthly spend shared by every replica: one hash per month (`<prefix>spend:<month>`, field per
 * provider, USD as a float). Adds are buffered and pushed every `sync_ms` in one script call that
 * also reads the month back, so the request path never waits on Redis and each replica's view is
 * at most one interval behind the others (budgets are soft by that much). While Redis is
 * unavailable the buffer keeps growing and is pushed once it is back.
 */
export class RedisSpendStore implements SpendStore {
  readonly kind = 'redis' as const;
  readonly #connection: RedisConnection;
  readonly #client: Redis & SpendCommands;
  readonly #timer: NodeJS.Timeout;
  readonly #listeners: SpendTotalsListener[] = [];
  /** month → provider → USD not pushed yet. */
  #buffer: SpendDeltas = new Map();
  /** The month the ledger is in, and what Redis last said of it. */
  #month = '';
  #remote = new Map<string, number>();
  #closed = false;
  /**
   * Pushes the buffer and reads the current month back (one script call per buffered month). When
   * it resolves, everything added before the call has been pushed.
   */
  readonly sync = serializeSync(() => this.#push());

  readonly #name: string;

  /** `name`: the key's stem, `spend` for provider accounts (`governed-spend` for projects and keys, `shadow-spend` for shadow evaluation's days). */
  constructor(connection: RedisConnection, name: 'spend' | 'governed-spend' | 'shadow-spend' = 'spend') {
    this.#connection = connection;
    this.#name = name;
    connection.client.defineCommand('switchyardFlushSpend', { numberOfKeys: 1, lua: FLUSH_SCRIPT });
    this.#client = connection.client as Redis & SpendCommands;
    this.#timer = setInterval(() => void this.sync(), connection.settings.syncMs);
    this.#timer.unref();
    connection.onAvailable(() => void this.sync());
  }

  #key(month: string): string {
    return this.#connection.key(`${this.#name}:${month}`);
  }

  /** What Redis last said of the month, plus what this replica has not pushed yet. */
  #totals(month: string): Map<string, number> {
    return totalsWith(month === this.#month ? this.#remote : new Map(), month, this.#buffer);
  }

  load(month: string): Map<string, number> {
    if (month !== this.#month) {
      this.#month = month;
      this.#remote = new Map();
      void this.sync();
    }
    return this.#totals(month);
  }

  add(provider: string, month: string, usd: number): void {
    if (this.#closed) return;
    addSpendDelta(this.#buffer, month, provider, usd);
  }

  watch(listener: SpendTotalsListener): void {
    this.#listeners.push(listener);
  }

  flush(): void {
    void this.sync();
  }

  async #push(): Promise<void> {
    if (!this.#connection.available || this.#month === '') return;
    const batch = this.#buffer;
    this.#buffer = new Map();
    const months = new Set([...batch.keys(), this.#month]);
    try {
      for (const month of months) {
        const deltas = batch.get(month) ?? new Map<string, number>();
        const known = month === this.#month ? this.#remote : new Map<string, number>();
        const args: Array<string | number> = [MONTH_TTL_SECONDS];
        for (const provider of new Set([...known.keys(), ...deltas.keys()])) {
          const delta = deltas.get(provider) ?? 0;
          args.push(provider, delta, (known.get(provider) ?? 0) + delta);
        }
        const flat = await this.#connection.bounded(this.#client.switchyardFlushSpend(this.#key(month), ...args));
        batch.delete(month);
        if (month !== this.#month) continue;
        const remote = new Map<string, number>();
        for (let index = 0; index + 1 < flat.length; index += 2) remote.set(flat[index]!, Number(flat[index + 1]));
        this.#remote = remote;
      }
    } catch (error) {
      // Keep what was not pushed for the next round.
      for (const [month, deltas] of batch) for (const [provider, usd] of deltas) this.add(provider, month, usd);
      this.#connection.failed(error);
      return;
    }
    const totals = this.#totals(this.#month);
    for (const listener of this.#listeners) listener(this.#month, totals);
  }

  /**
   * True for exactly one replica per provider, threshold and month (SET NX), so a budget alert is
   * logged once across replicas. Without Redis it claims locally (the alert may then repeat once
   * per replica rather than be lost).
   */
  async claimAlert(claim: AlertClaim): Promise<boolean> {
    return claimRedisAlert(this.#connection, `${this.#name === 'spend' ? 'alert' : 'governed-alert'}:${claim.month}:${claim.provider}:${claim.threshold}`);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#timer);
    await this.sync();
    this.#closed = true;
  }
}
