import type { ChatRequest } from '../core/chat-request.ts';
import type { TextMatch } from './text-match.ts';

/** Finds spans in text (PII, secrets, keywords, regexes, injection phrases): these can redact. */
export type SpanDetector = {
  kind: 'spans';
  type: 'pii' | 'secrets' | 'keywords' | 'regex' | 'injection';
  /** Characters of a streamed answer held back so a match split across chunks is still whole. */
  window: number;
  find(text: string): TextMatch[];
};

/** Limits on the request's shape; the reason names the limit, never the content. */
export type SizeDetector = { kind: 'size'; type: 'size'; check(request: ChatRequest): string | undefined };

/** A moderation endpoint or a classifier chat model behind a deployment of the config. */
export type ExternalDetector = {
  kind: 'external';
  type: 'external';
  flavor: 'moderation' | 'classifier';
  deployment: string;
  timeoutMs: number;
  onError: 'allow' | 'block';
  categories: readonly string[] | undefined;
};

export type CompiledDetector = SpanDetector | SizeDetector | ExternalDetector;

export type GuardrailAction = { kind: 'block'; status: number } | { kind: 'redact'; restore: boolean } | { kind: 'warn' } | { kind: 'route'; target: string };

/** One named check of `guardrails.checks`, compiled once at load. */
export type CompiledGuardrail = {
  name: string;
  detector: CompiledDetector;
  action: GuardrailAction;
  input: boolean;
  output: boolean;
};

/** Every guardrail of the config and where each is attached. */
export type CompiledGuardrails = {
  checks: ReadonlyMap<string, CompiledGuardrail>;
  global: readonly CompiledGuardrail[];
  projects: ReadonlyMap<string, readonly CompiledGuardrail[]>;
  routers: ReadonlyMap<string, readonly CompiledGuardrail[]>;
  /** By `<router>\u0000<rule name>` (a rule's name: its `name`, else `rules[i]`). */
  rules: ReadonlyMap<string, readonly CompiledGuardrail[]>;
  /** `tools:` of routers and projects. */
  tools: { routers: ReadonlyMap<string, CompiledToolPolicy>; projects: ReadonlyMap<string, CompiledToolPolicy> };
  /** `compress:` of routers. */
  compress: ReadonlyMap<string, CompressPolicy>;
};

export type CompressPolicy = {
  keepLastMessages: number;
  toolResultMaxChars: number;
  budgetTokens: number | undefined;
  targetRatio: number;
  summarizeWith: string | undefined;
  summarizeTimeoutMs: number;
};

/** A router's or project's `tools:`, compiled: globs matched without a RegExp per request. */
export type CompiledToolPolicy = {
  /** `router 'x'` / `project 'y'`, for the warning. */
  scope: string;
  passes(name: string): boolean;
  maxTools: number | undefined;
  stripWhenUnsupported: boolean;
};

export function ruleKey(router: string, rule: string): string {
  return `${router}\u0000${rule}`;
}
