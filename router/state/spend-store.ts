/** Where the spend ledger keeps its months, so a restart does not reset them. */
export interface SpendStore {
  readonly kind: 'sqlite';
  /** USD per provider for one month ("2026-11"), as written so far. */
  load(month: string): Map<string, number>;
  /** Adds spend; buffered, written later off the request path. */
  add(provider: string, month: string, usd: number): void;
  flush(): void;
  close(): Promise<void>;
}
