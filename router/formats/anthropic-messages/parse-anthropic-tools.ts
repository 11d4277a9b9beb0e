import type { ToolChoice, ToolDefinition } from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import type { AnthropicToolChoiceWire, AnthropicToolWire } from './anthropic-messages-request-schema.ts';
import { cacheOf } from './parse-anthropic-cache-control.ts';

/** Tool types that are the client's own functions; every other `type` is a tool Anthropic defines or runs. */
const CUSTOM_TOOL_TYPES = new Set([undefined, 'custom', 'function']);

/**
 * Custom tools become function tools (with their cache breakpoint); server and Anthropic-defined
 * tools (web_search_20250305, code_execution, text_editor, bash, mcp_toolset…) become provider
 * tools of the family 'anthropic', kept whole: they filter the plan, and an Anthropic target gets
 * them as sent.
 */
export function parseAnthropicTools(tools: AnthropicToolWire[]): ToolDefinition[] {
  return tools.map((tool, index): ToolDefinition => {
    if (tool.type !== undefined && !CUSTOM_TOOL_TYPES.has(tool.type)) {
      return { type: 'provider', family: 'anthropic', kind: tool.type, ...(tool.name === undefined ? {} : { name: tool.name }), value: tool };
    }
    if (tool.name === undefined) throw new InvalidRequestError(`tools[${index}].name is required for a custom tool`, `tools[${index}].name`);
    return {
      type: 'function',
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.input_schema ?? { type: 'object', properties: {} },
      ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      ...cacheOf(tool),
    };
  });
}

/** `auto` / `any` / `tool` / `none`; a type added later is a warning and the provider's default applies. */
export function parseAnthropicToolChoice(choice: AnthropicToolChoiceWire, warnings: string[]): ToolChoice | undefined {
  switch (choice.type) {
    case 'auto':
    case 'none':
      return { type: choice.type };
    case 'any':
      return { type: 'required' };
    case 'tool':
      if (choice.name === undefined) throw new InvalidRequestError("tool_choice.name is required when tool_choice.type is 'tool'", 'tool_choice.name');
      return { type: 'tool', name: choice.name };
    default:
      warnings.push(`tool_choice type '${choice.type}' is not known to the gateway; it is carried to Anthropic targets only`);
      return undefined;
  }
}
