/** Spend not pushed to a shared store yet: month → account → USD (one number each, whatever the traffic). */
export type SpendDeltas = Map<string, Map<string, number>>;

export function addSpendDelta(deltas: SpendDeltas, month: string, account: string, usd: number): void {
  let accounts = deltas.get(month);
  if (accounts === undefined) {
    accounts = new Map();
    deltas.set(month, accounts);
  }
  accounts.set(account, (accounts.get(account) ?? 0) + usd);
}

/** A month's totals as a shared store last said, plus the deltas not pushed yet. */
export function totalsWith(remote: ReadonlyMap<string, number>, month: string, ...pending: Array<SpendDeltas | undefined>): Map<string, number> {
  const totals = new Map(remote);
  for (const deltas of pending) for (const [account, usd] of deltas?.get(month) ?? []) totals.set(account, (totals.get(account) ?? 0) + usd);
  return totals;
}

export function sumSpendDeltas(deltas: SpendDeltas): number {
  let total = 0;
  for (const accounts of deltas.values()) for (const usd of accounts.values()) total += usd;
  return total;
}
