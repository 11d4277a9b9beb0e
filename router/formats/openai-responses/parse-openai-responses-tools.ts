import type { ToolChoice, ToolDefinition } from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { FREEFORM_INPUT, type ResponsesTool } from './openai-responses-input-wire.ts';

/** The `{ input: string }` parameters a freeform tool is emulated with on providers that only have function tools. */
function freeformParameters(tool: ResponsesTool): Record<string, unknown> {
  const format = tool.format;
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
export function parseOpenAIResponsesTools(tools: readonly ResponsesTool[]): ToolDefinition[] {
  return tools.map((tool, index): ToolDefinition => {
    if (tool.type === 'function' || tool.type === 'custom') {
      if (typeof tool.name !== 'string' || tool.name === '') throw new InvalidRequestError(`tools[${index}].name is required`, `tools[${index}].name`);
      const description = tool.description == null ? {} : { description: tool.description };
      if (tool.type === 'custom') return { type: 'function', name: tool.name, ...description, parameters: freeformParameters(tool), freeform: tool.format === undefined ? {} : { format: tool.format } };
      return {
        type: 'function',
        name: tool.name,
        ...description,
        parameters: tool.parameters ?? { type: 'object', properties: {} },
        ...(tool.strict == null ? {} : { strict: tool.strict }),
      };
    }
    return { type: 'provider', family: 'openai', kind: tool.type, ...(typeof tool.name === 'string' ? { name: tool.name } : {}), value: tool as unknown as Record<string, unknown> };
  });
}

/**
 * `tool_choice` → internal, when it maps: a mode, or one function / custom tool by name. Anything
 * else (allowed_tools, a hosted tool type) is undefined: the caller keeps it as a provider option.
 */
export function parseOpenAIResponsesToolChoice(choice: unknown): ToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (typeof choice !== 'object' || choice === null) return undefined;
  const { type, name } = choice as { type?: unknown; name?: unknown };
  if ((type === 'function' || type === 'custom') && typeof name === 'string') return { type: 'tool', name };
  return undefined;
}
