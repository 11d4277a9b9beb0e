/** How the executor calls a deployment: timeout, retries and backoff (config `defaults`, overridable per router and target). */
export type CallOptions = {
  timeoutMs: number;
  retries: number;
  retryOn: ReadonlySet<number>;
  backoff: { initialMs: number; maxMs: number; jitter: number };
  retryAfterCapMs: number;
};
