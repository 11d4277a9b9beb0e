/**
 * The `guardrails:` section of the YAML: named checks (a detector plus an action, on the input,
 * the output or both) and the ones that apply to every request. Routers, rules and projects attach
 * more by name (`guardrails: [name, …]`). Strict like the rest of the config.
 */
import { z } from 'zod';

const name = z.string().min(1);
const positiveInt = z.number().int().positive();

export const PII_KINDS = ['email', 'phone', 'credit_card', 'iban', 'api_key', 'private_key'] as const;

const detectorSchema = z.discriminatedUnion('type', [
  /** The PII detector of the `pii` routing signal; `kinds` narrows it. */
  z.strictObject({ type: z.literal('pii'), kinds: z.array(z.enum(PII_KINDS)).min(1).optional() }),
  /** Provider key formats, private keys, JWTs, high-entropy tokens. */
  z.strictObject({ type: z.literal('secrets') }),
  z.strictObject({ type: z.literal('keywords'), words: z.array(z.string().min(1)).min(1), case_sensitive: z.boolean().default(false) }),
  z.strictObject({
    type: z.literal('regex'),
    patterns: z.array(z.string().min(1)).min(1),
    /** JavaScript flags among i, m, s, u (g is implied). */
    flags: z.string().regex(/^[imsu]*$/, 'flags may only hold i, m, s and u').default(''),
    /** The longest text one match may span: how much of a streamed answer is held back for it. */
    max_match_length: positiveInt.max(8192).default(256),
  }),
  z.strictObject({ type: z.literal('size'), max_input_tokens: positiveInt.optional(), max_messages: positiveInt.optional(), max_tools: z.number().int().nonnegative().optional() }),
  /** A heuristic: phrase lists for prompt injection, plus the operator's denied topics. */
  z.strictObject({
    type: z.literal('injection'),
    /** Off: only `denied_topics` (and `extra_phrases`) count. */
    builtin: z.boolean().default(true),
    extra_phrases: z.array(z.string().min(1)).optional(),
    denied_topics: z.array(z.string().min(1)).optional(),
  }),
  /** Asks a deployment: an OpenAI-style moderation endpoint, or a classifier chat model (Llama Guard) that answers `safe` / `unsafe`. */
  z.strictObject({
    type: z.literal('external'),
    kind: z.enum(['moderation', 'classifier']),
    /** A model (deployment) of the config. */
    model: name,
    timeout_ms: positiveInt.default(2_000),
    on_error: z.enum(['allow', 'block']).default('allow'),
    /** moderation: only these categories count (default: the endpoint's `flagged`). */
    categories: z.array(z.string().min(1)).optional(),
  }),
]);

export const guardrailSchema = z.strictObject({
  description: z.string().optional(),
  detector: detectorSchema,
  /** `block`, `redact` (placeholders before the upstream sees the text), `warn` (audit and metrics only), or `{ route_to: <router or model> }`. */
  action: z.union([z.enum(['block', 'redact', 'warn']), z.strictObject({ route_to: name })]),
  stage: z.enum(['input', 'output', 'both']).default('input'),
  /** block: the HTTP status the client gets (default 400). */
  status: z.number().int().min(400).max(599).optional(),
  /** redact on the input: put the originals back into the answer, streaming included. */
  restore: z.boolean().default(false),
});

export const guardrailsSectionSchema = z
  .strictObject({
    checks: z.record(name, guardrailSchema).default({}),
    /** Checks every request runs, whatever it names. */
    global: z.array(name).default([]),
  })
  .prefault({});

/** `guardrails: [name, …]` on a router, a rule or a project. */
export const guardrailAttachmentSchema = z.array(name).min(1).optional();

export type RawGuardrail = z.output<typeof guardrailSchema>;
export type RawDetector = z.output<typeof detectorSchema>;
export type RawGuardrailsSection = z.output<typeof guardrailsSectionSchema>;

/** `tools:` on a router or a project: which of the client's tools reach the model. */
export const toolPolicySchema = z
  .strictObject({
    /** Tool names or globs (`search_*`) that may pass; absent: every tool. */
    allow: z.array(name).min(1).optional(),
    /** Tool names or globs that never pass (wins over allow). */
    deny: z.array(name).min(1).optional(),
    /** At most this many tools pass, in the client's order (after allow and deny). */
    max_tools: z.number().int().nonnegative().optional(),
    /** A target that cannot take tools at all (`capabilities: { tools: false }`) gets the request without them, instead of being skipped. */
    strip_tools_when_unsupported: z.boolean().default(false),
  })
  .optional();

export type RawToolPolicy = NonNullable<z.output<typeof toolPolicySchema>>;

/** `compress:` on a router (opt-in): a request that does not fit a target is compressed for it instead of skipping it. */
export const compressPolicySchema = z
  .strictObject({
    /** The latest messages that are never dropped (a tool call and its results count together). */
    keep_last_messages: positiveInt.default(4),
    /** Tool results longer than this keep their head and tail. */
    tool_result_max_chars: positiveInt.default(4_000),
    /** Also compress when the input is over this many tokens, even if the target would take it. */
    budget_tokens: positiveInt.optional(),
    /** The share of the limit to compress down to (room for the estimate's error). */
    target_ratio: z.number().gt(0).lte(1).default(0.9),
    /** A model (deployment) that summarises the dropped messages; absent: a note says how many were dropped. */
    summarize_with: name.optional(),
    summarize_timeout_ms: positiveInt.default(5_000),
  })
  .optional();

export type RawCompressPolicy = NonNullable<z.output<typeof compressPolicySchema>>;
