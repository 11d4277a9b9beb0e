/** Month totals read back from a shared store: USD per provider, every replica's spend included. */
export type SpendTotalsListener = (month: string, totals: ReadonlyMap<string, number>) => void;

/** Where the spend ledger keeps its months, so a restart does not reset them. */
export interface SpendStore {
  readonly kind: 'sqlite' | 'redis' | 'postgres';
  /** USD per provider for one month ("2026-11"), as written so far. */
  load(month: string): Map<string, number>;
  /** Adds spend; buffered, written later off the request path. */
  add(provider: string, month: string, usd: number): void;
  flush(): void;
  /** A shared store: pushes what is buffered and reads the month back (resolves, never rejects). */
  sync?(): Promise<void>;
  /** A shared store calls `listener` after each read-back, so the ledger sees other replicas' spend. */
  watch?(listener: SpendTotalsListener): void;
  /** USD added here that the shared store has not confirmed yet (postgres). */
  unsyncedUsd?(): number;
  close(): Promise<void>;
}
