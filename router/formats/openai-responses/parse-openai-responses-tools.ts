import type { ToolChoice, ToolDefinition } from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { isJsonObject } from '../is-json-object.ts';
import { FREEFORM_INPUT } from './openai-responses-input-wire.ts';
import type { OpenAIResponsesRequestWire, OpenAIResponsesToolWire } from './openai-responses-request-schema.ts';

/** The `{ input: string }` parameters a freeform tool is emulated with on providers that only have function tools. */
function freeformParameters(format: Record<string, unknown> | undefined): Record<string, unknown> {
  const grammar = format?.type === 'grammar' && typeof format.definition === 'string' ? ` It must match this ${String(format.syntax ?? '')} grammar:\n${format.definition}` : '';
  return {
    type: 'object',
    properties: { [FREEFORM_INPUT]: { type: 'string', description: `The raw input of the tool, not JSON-encoded.${grammar}` } },
    required: [FREEFORM_INPUT],
    additionalProperties: false,
  };
}

/**
 * Responses tools → internal tools. `function` tools map one to one; `custom` (freeform) tools
 * become function tools marked `freeform`, emulated elsewhere as `{ input: string }`; every other
 * type (web_search, local_shell, tool_search, namespace, mcp, image_generation…) is an OpenAI
 * provider tool, kept as sent.
 */
export function parseOpenAIResponsesTools(tools: readonly OpenAIResponsesToolWire[]): ToolDefinition[] {
  return tools.map((tool, index): ToolDefinition => {
    if (tool.type === 'function' || tool.type === 'custom') {
      if (typeof tool.name !== 'string' || tool.name === '') throw new InvalidRequestError(`tools[${index}].name is required`, `tools[${index}].name`);
      const description = typeof tool.description === 'string' ? { description: tool.description } : {};
      // custom tools: `{ type: 'text' }` or `{ type: 'grammar', syntax, definition }`
      const format = isJsonObject(tool.format) ? tool.format : undefined;
      if (tool.type === 'custom') return { type: 'function', name: tool.name, ...description, parameters: freeformParameters(format), freeform: format === undefined ? {} : { format } };
      return {
        type: 'function',
        name: tool.name,
        ...description,
        parameters: isJsonObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} },
        ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      };
    }
    return { type: 'provider', family: 'openai', kind: tool.type, ...(typeof tool.name === 'string' ? { name: tool.name } : {}), value: tool };
  });
}

/**
 * `tool_choice` → internal, when it maps: a mode, or one function / custom tool by name. Anything
 * else (allowed_tools, a hosted tool type) is undefined: the caller keeps it as a provider option.
 */
export function parseOpenAIResponsesToolChoice(choice: OpenAIResponsesRequestWire['tool_choice']): ToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (typeof choice !== 'object' || choice === null) return undefined;
  const { type, name } = choice;
  if ((type === 'function' || type === 'custom') && typeof name === 'string') return { type: 'tool', name };
  return undefined;
}
