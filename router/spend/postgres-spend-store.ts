import { randomUUID } from 'node:crypto';
import { ALERT_CLAIM, PRUNE_ALERT_CLAIMS } from '../state/claim-postgres-alert.ts';
import { serializeSync } from '../state/serialize-sync.ts';
import { addSpendDelta, sumSpendDeltas, totalsWith, type SpendDeltas } from './spend-deltas.ts';
import type { PostgresConnection, PreparedStatement } from '../state/postgres-connection.ts';
import type { AlertClaim } from './redis-spend-store.ts';
import type { StoreLog } from '../state/store-status.ts';
import type { SpendStore, SpendTotalsListener } from './spend-store.ts';

/** Which ledger a store keeps: provider accounts' (`spend_ledger`) or keys' and projects' (`governed_spend`). */
export type PostgresLedger = 'provider' | 'governed';

type LedgerStatements = { push: PreparedStatement; readMonth: PreparedStatement; claimAlert: PreparedStatement; claimValues: (claim: AlertClaim, replica: string) => unknown[] };

/**
 * Adds one pushed batch to the ledger, once: the push id goes into `spend_pushes` in the same
 * statement, and a retry of a push that did land (its commit unconfirmed) finds it and adds nothing.
 */
function pushStatement(name: string, table: string, column: string): PreparedStatement {
  return {
    name,
    text: `WITH claimed AS (INSERT INTO spend_pushes (id, replica) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id)
INSERT INTO ${table} (month, ${column}, spend_usd)
SELECT month, account, usd FROM unnest($3::text[], $4::text[], $5::float8[]) AS delta(month, account, usd)
WHERE EXISTS (SELECT 1 FROM claimed)
ON CONFLICT (month, ${column}) DO UPDATE SET spend_usd = ${table}.spend_usd + excluded.spend_usd, updated_at = now()`,
  };
}

const LEDGERS: Record<PostgresLedger, LedgerStatements> = {
  provider: {
    push: pushStatement('switchyard_spend_push', 'spend_ledger', 'provider'),
    readMonth: { name: 'switchyard_spend_month', text: 'SELECT provider AS account, spend_usd FROM spend_ledger WHERE month = $1' },
    claimAlert: {
      name: 'switchyard_spend_claim_alert',
      text: 'INSERT INTO budget_alerts (month, provider, threshold, replica) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    },
    claimValues: (claim, replica) => [claim.month, claim.provider, claim.threshold, replica],
  },
  governed: {
    push: pushStatement('switchyard_governed_spend_push', 'governed_spend', 'account'),
    readMonth: { name: 'switchyard_governed_spend_month', text: 'SELECT account, spend_usd FROM governed_spend WHERE month = $1' },
    claimAlert: ALERT_CLAIM,
    claimValues: (claim, replica) => [`budget:${claim.month}:${claim.provider}:${claim.threshold}`, replica],
  },
};
/** Push ids only guard retries, which come within minutes: a week is ample. */
const PRUNE_PUSHES: PreparedStatement = { name: 'switchyard_spend_prune_pushes', text: "DELETE FROM spend_pushes WHERE pushed_at < now() - interval '7 days'" };

/**
 * The monthly spend ledger of every replica in PostgreSQL (`spend_ledger`, one row per month and
 * provider; keys' and projects' in `governed_spend`, one row per month and account). Adds are summed in memory and pushed every `sync_ms` in one statement that also
 * records the push's id, then the month is read back, so the request path never waits on the
 * database and each replica's view is at most one interval behind the others. A push that failed
 * is retried with the same id until the database confirms it (exactly once, even when the first
 * attempt landed unconfirmed); meanwhile new spend keeps adding up in memory, unbounded in money
 * but not in memory (one number per month and provider). Lost only if the process dies before it
 * is pushed: at most `sync_ms` of spend while the database answers, everything since the outage
 * began while it does not.
 */
export class PostgresSpendStore implements SpendStore {
  readonly kind = 'postgres' as const;
  readonly #connection: PostgresConnection;
  readonly #statements: LedgerStatements;
  readonly #log: StoreLog;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #listeners: SpendTotalsListener[] = [];
  #buffer: SpendDeltas = new Map();
  /** A push sent and not confirmed, retried as it is (same id) before anything newer. */
  #pending: { id: string; deltas: SpendDeltas } | undefined;
  #month = '';
  #remote = new Map<string, number>();
  #closed = false;
  /**
   * Pushes and reads the current month back. When it resolves, everything added before the call
   * was pushed (or the database failed).
   */
  readonly sync = serializeSync(() => this.#push());

  constructor(connection: PostgresConnection, options: { log: StoreLog; syncMs: number; ledger?: PostgresLedger }) {
    this.#connection = connection;
    this.#statements = LEDGERS[options.ledger ?? 'provider'];
    this.#log = options.log;
    const syncTimer = setInterval(() => void this.sync(), options.syncMs);
    const pruneTimer = setInterval(() => void this.#prune(), 3_600_000);
    syncTimer.unref();
    pruneTimer.unref();
    this.#timers.push(syncTimer, pruneTimer);
    connection.onAvailable(() => void this.sync());
  }

  /** What the database last said of the month, plus what this replica has not pushed yet. */
  #totals(month: string): Map<string, number> {
    return totalsWith(month === this.#month ? this.#remote : new Map(), month, this.#pending?.deltas, this.#buffer);
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

  /** USD this replica holds that the database has not confirmed. */
  unsyncedUsd(): number {
    return sumSpendDeltas(this.#buffer) + (this.#pending === undefined ? 0 : sumSpendDeltas(this.#pending.deltas));
  }

  async #push(): Promise<void> {
    if (!this.#connection.available) return;
    try {
      for (;;) {
        if (this.#pending === undefined) {
          if (this.#buffer.size === 0) break;
          this.#pending = { id: randomUUID(), deltas: this.#buffer };
          this.#buffer = new Map();
        }
        const months: string[] = [];
        const providers: string[] = [];
        const amounts: number[] = [];
        for (const [month, deltas] of this.#pending.deltas) {
          for (const [provider, usd] of deltas) {
            months.push(month);
            providers.push(provider);
            amounts.push(usd);
          }
        }
        await this.#connection.query(this.#statements.push, [this.#pending.id, this.#connection.replica, months, providers, amounts]);
        // Until the read-back below replaces it, the last known total must include what just landed:
        // else a read in between sees this replica's spend nowhere (not pending, not yet in #remote).
        const landed = this.#pending.deltas.get(this.#month);
        if (landed !== undefined) for (const [account, usd] of landed) this.#remote.set(account, (this.#remote.get(account) ?? 0) + usd);
        this.#pending = undefined;
      }
      if (this.#month === '') return;
      const rows = await this.#connection.query<{ account: string; spend_usd: number }>(this.#statements.readMonth, [this.#month]);
      this.#remote = new Map(rows.rows.map((row) => [row.account, Number(row.spend_usd)]));
    } catch {
      // Kept (pending, buffer) for the next round; the connection has noted an outage.
      return;
    }
    const totals = this.#totals(this.#month);
    for (const listener of this.#listeners) listener(this.#month, totals);
  }

  async #prune(): Promise<void> {
    if (!this.#connection.available) return;
    await this.#connection.query(PRUNE_PUSHES, []).catch(() => undefined);
    if (this.#statements.claimAlert === ALERT_CLAIM) await this.#connection.query(PRUNE_ALERT_CLAIMS, []).catch(() => undefined);
  }

  /**
   * True for exactly one replica per provider, threshold and month (the row's primary key), so a
   * budget alert is logged once across replicas. Without the database it claims locally (the
   * alert may then repeat once per replica rather than be lost).
   */
  async claimAlert(claim: AlertClaim): Promise<boolean> {
    if (!this.#connection.available) return true;
    try {
      const result = await this.#connection.query(this.#statements.claimAlert, this.#statements.claimValues(claim, this.#connection.replica));
      return result.rowCount === 1;
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    for (const timer of this.#timers) clearInterval(timer);
    await this.sync();
    this.#closed = true;
    const lost = this.unsyncedUsd();
    if (lost > 0) this.#log.warn({ store: 'postgres', unsyncedUsd: lost }, `spend of $${lost.toFixed(6)} not written at shutdown: the database was unavailable`);
  }
}
