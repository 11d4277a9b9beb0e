/**
 * The values a routing condition can read, computed once per request by `router/signals`.
 * A condition names a signal by its root (`input_tokens`, `tags.tier`, `headers['x-team']`)
 * or reads the raw request body with a JSONPath (`$.metadata.priority`).
 *
 * Conventions chosen here (and relied on by rule authors):
 * - `weekday` is a lowercase three-letter string, `'mon'` … `'sun'`, so rules read
 *   `weekday in ['sat', 'sun']` rather than a number whose origin (0 = Sunday? Monday?) is a guess.
 * - `time_of_day` is `'HH:MM'` (24 h, zero-padded) in the gateway's local time zone, so plain
 *   string ordering is time ordering: `time_of_day >= '09:00' and time_of_day < '17:30'`.
 * - `headers` keys are lowercase. A header name with `-` is written with brackets,
 *   `headers['x-team']`; the compiler lowercases a bracketed or dotted header key at load time.
 * - `pii` is `true` when any PII was found; `pii_types` lists which kinds (`PiiType` of
 *   `router/signals/detect-pii.ts`): `pii_types contains 'credit_card'`.
 * - `body` is the parsed JSON request body as the client sent it; `$…` paths read it.
 */
export type SignalValues = {
  /** Prompt tokens (system + messages + tool definitions) as counted for routing. */
  input_tokens: number;
  /** The client's `max_tokens` / `max_output_tokens`, when it sent one. */
  max_tokens?: number;
  has_tools: boolean;
  tool_count: number;
  /** A JSON schema response format (structured output) was requested. */
  has_schema: boolean;
  has_images: boolean;
  streaming: boolean;
  message_count: number;
  has_system: boolean;
  /** The `model` the client asked for (the router name). */
  model: string;
  /** Request tags (from the `x-switchyard-tags` header or body metadata), string values. */
  tags: Record<string, string>;
  /** Request headers, lowercase names; credentials are removed before routing. */
  headers: Record<string, string>;
  user?: string;
  /** 0 … 23, gateway-local time. */
  hour_local: number;
  /** `'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'`, gateway-local. */
  weekday: Weekday;
  /** `'HH:MM'`, gateway-local, zero-padded. */
  time_of_day: string;
  /** Spend this month over the monthly budget of the routed-to account (0 … 1, may exceed 1). */
  monthly_spend_pct: number;
  /** The scorer's difficulty estimate (0 … 1), when a scorer ran for this request. */
  complexity?: number;
  /** Any PII found in the prompt text. */
  pii: boolean;
  /** The kinds of PII found, e.g. `['email', 'credit_card']`; empty when none. */
  pii_types: string[];
  /** The parsed JSON request body, read by `$` paths. */
  body: unknown;
};

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export type SignalName = keyof SignalValues;

/** One entry per key of `SignalValues`; the type makes a missing or extra name a compile error. */
const SIGNAL_NAMES: { readonly [K in SignalName]: true } = {
  input_tokens: true, max_tokens: true, has_tools: true, tool_count: true,
  has_schema: true, has_images: true, streaming: true, message_count: true,
  has_system: true, model: true, tags: true, headers: true,
  user: true, hour_local: true, weekday: true, time_of_day: true,
  monthly_spend_pct: true, complexity: true, pii: true, pii_types: true,
  body: true,
};

/** Every signal a condition may name; `compileCondition(source, KNOWN_SIGNALS)` checks against it. */
export const KNOWN_SIGNALS: readonly SignalName[] = Object.freeze(Object.keys(SIGNAL_NAMES) as SignalName[]);
