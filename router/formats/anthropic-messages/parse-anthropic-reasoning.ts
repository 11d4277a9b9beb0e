import type { ReasoningConfig, ResponseFormat } from '../../core/chat-request.ts';
import { isJsonObject } from '../is-json-object.ts';
import type { AnthropicOutputConfigWire, AnthropicThinkingWire } from './anthropic-messages-request-schema.ts';

type WireThinking = AnthropicThinkingWire;
type WireOutputConfig = AnthropicOutputConfigWire;

type Effort = NonNullable<ReasoningConfig['effort']>;
const EFFORTS: ReadonlySet<string> = new Set<Effort>(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

function isEffort(value: string): value is Effort {
  return EFFORTS.has(value);
}

/**
 * Anthropic's `thinking` (`enabled` with `budget_tokens`, `adaptive`, `disabled`) and
 * `output_config.effort` → the portable reasoning config. Undefined when the client asked for
 * neither. An effort the internal format does not name is a warning (still carried to Anthropic).
 */
export function parseAnthropicReasoning(thinking: WireThinking | undefined, outputConfig: WireOutputConfig | undefined, warnings: string[]): ReasoningConfig | undefined {
  const reasoning: ReasoningConfig = {};
  if (thinking !== undefined) {
    reasoning.enabled = thinking.type !== 'disabled';
    if (typeof thinking.budget_tokens === 'number') reasoning.budgetTokens = thinking.budget_tokens;
  }
  const effort = outputConfig?.effort;
  if (effort !== undefined) {
    if (isEffort(effort)) reasoning.effort = effort;
    else warnings.push(`output_config.effort '${effort}' is not an effort the gateway knows; it is carried to Anthropic targets only`);
  }
  return Object.keys(reasoning).length === 0 ? undefined : reasoning;
}

/** `output_config.format: { type: 'json_schema', schema }` → a JSON-schema response format. */
export function parseAnthropicOutputFormat(outputConfig: WireOutputConfig | undefined): ResponseFormat | undefined {
  const format = outputConfig?.format;
  if (format?.type !== 'json_schema' || !isJsonObject(format.schema)) return undefined;
  return { type: 'json-schema', name: typeof format.name === 'string' ? format.name : 'response', schema: format.schema };
}
