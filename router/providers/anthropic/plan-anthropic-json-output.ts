import type { ResponseFormat } from '../../core/chat-request.ts';
import type { AnthropicCustomTool } from './anthropic-wire.ts';

/** The synthetic tool a JSON-schema answer is forced through; its input comes back as the answer text. */
export const JSON_RESPONSE_TOOL_NAME = 'json_response';

export type AnthropicJsonOutput =
  | { kind: 'none' }
  | { kind: 'tool'; tool: AnthropicCustomTool }
  | { kind: 'instruction'; text: string };

const JSON_ONLY = 'Respond with a single valid JSON value and nothing else: no prose, no Markdown code fences.';

/**
 * Anthropic has no `response_format`. How JSON output is asked for instead:
 *  - json-schema with an object root and no tools of the caller's: a forced tool (`tool_choice` on
 *    `json_response`, `input_schema` = the schema). The model must produce input matching the schema
 *    shape; the adapter turns that tool call back into the answer text, finish reason `stop`.
 *  - json-schema otherwise (the caller's tools must stay usable, or the root is not an object, which
 *    `input_schema` cannot take): the schema goes into the system prompt, with a warning.
 *  - json (no schema): a system-prompt instruction, with a warning.
 * Pure: reads the format, returns the plan and what it could not honour.
 */
export function planAnthropicJsonOutput(format: ResponseFormat | undefined, hasTools: boolean): { value: AnthropicJsonOutput; warnings: string[] } {
  if (format === undefined || format.type === 'text') return { value: { kind: 'none' }, warnings: [] };
  if (format.type === 'json') {
    return {
      value: { kind: 'instruction', text: JSON_ONLY },
      warnings: ['JSON mode is not native on Anthropic: it was asked for in the system prompt, not enforced'],
    };
  }
  const objectRoot = format.schema.type === 'object' || (format.schema.type === undefined && typeof format.schema.properties === 'object');
  if (objectRoot && !hasTools) {
    const warnings = format.strict === true ? ['strict JSON schema adherence is not guaranteed by Anthropic (sent as a forced tool)'] : [];
    const description = `Give your final answer by calling this tool. Its input is the answer, a JSON object following the "${format.name}" schema.`;
    return { value: { kind: 'tool', tool: { name: JSON_RESPONSE_TOOL_NAME, description, input_schema: format.schema } }, warnings };
  }
  const why = hasTools ? 'the request also has tools' : 'the schema root is not an object';
  return {
    value: { kind: 'instruction', text: `${JSON_ONLY} It must follow this JSON schema ("${format.name}"):\n${JSON.stringify(format.schema)}` },
    warnings: [`JSON schema output is not enforced on Anthropic when ${why}: the schema was put in the system prompt`],
  };
}
