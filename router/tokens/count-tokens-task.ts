/** What crosses the thread boundary to a token-counting worker: plain values only. */
export interface CountTokensTask {
  readonly texts: readonly string[];
}

export type CountTokensResult = { readonly ok: true; readonly tokens: number } | { readonly ok: false; readonly message: string };
