/**
 * How a provider account reaches its API when the vendor's own endpoint scheme does not apply:
 * Vertex AI puts the model and the method in the URL and authenticates with a short-lived bearer
 * token. An adapter given one asks it per call for the target and the headers.
 */
export type UpstreamAccess = {
  /** Where one call goes. */
  target(providerModel: string, stream: boolean): { origin: string; path: string };
  /** Headers for this call (a bearer token refreshed before it expires); they win over the adapter's own auth header. */
  headers(): Promise<Record<string, string>>;
  /** The body as this endpoint wants it (Vertex's Anthropic models: no `model`, an `anthropic_version`). */
  body?(body: Record<string, unknown>): Record<string, unknown>;
};
