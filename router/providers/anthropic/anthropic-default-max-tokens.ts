/**
 * Anthropic requires `max_tokens`; clients of other APIs (Codex, most OpenAI apps) often send none.
 * The default is then the model's own maximum output, by model id, so a long answer is not cut at
 * an arbitrary 4,096 tokens (documented in README, not a warning: the caller asked for no limit).
 * A `claude-*` id the table does not know (a newer model) gets 32,000, which every current Claude
 * model accepts; another id (an Anthropic-compatible server's own model) 8,192.
 */
const MAX_OUTPUT_BY_MODEL: ReadonlyArray<readonly [RegExp, number]> = [
  [/^claude-3-(opus|sonnet|haiku)/, 4_096],
  [/^claude-3-5-/, 8_192],
  [/^claude-3-7-sonnet/, 64_000],
  [/^claude-(opus-4-1|opus-4-0|opus-4-2025|opus-4$|opus-4@)/, 32_000],
  [/^claude-(sonnet|haiku)-4/, 64_000],
  [/^claude-opus-4-[5-9]/, 64_000],
];

const NEWER_CLAUDE_MAX_TOKENS = 32_000;
const OTHER_MODEL_MAX_TOKENS = 8_192;

export function anthropicDefaultMaxTokens(providerModel: string): number {
  const model = providerModel.replace(/^([a-z]{2}\.)?anthropic\./, '');
  for (const [pattern, maximum] of MAX_OUTPUT_BY_MODEL) if (pattern.test(model)) return maximum;
  return model.startsWith('claude-') ? NEWER_CLAUDE_MAX_TOKENS : OTHER_MODEL_MAX_TOKENS;
}
