import type { ChatRequest, SystemMessage, ToolChoice, ToolDefinition } from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { parseAnthropicConversation, type WireMessage } from './parse-anthropic-conversation.ts';

type WireTool = { name: string; description?: string; input_schema?: Record<string, unknown>; type?: string; cache_control?: unknown };
type WireToolChoice = { type: 'auto' | 'any' | 'tool' | 'none'; name?: string; disable_parallel_tool_use?: boolean };

/** Fields we read, or warn about by name; anything else becomes a generic warning, never a silent drop. */
const KNOWN_FIELDS = new Set([
  'model', 'messages', 'system', 'max_tokens', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata', 'tools', 'tool_choice',
]);

function parseSystem(system: unknown, warnings: string[]): SystemMessage | undefined {
  if (system === undefined || system === '') return undefined;
  if (typeof system === 'string') return { role: 'system', content: [{ type: 'text', text: system }] };
  const blocks = system as Array<{ text: string; cache_control?: unknown }>;
  if (blocks.some((block) => block.cache_control !== undefined)) warnings.push('cache_control is not carried through the gateway and was ignored');
  return blocks.length === 0 ? undefined : { role: 'system', content: blocks.map((block) => ({ type: 'text', text: block.text })) };
}

/** Custom tools become function tools; Anthropic-defined tools (web search, bash…) cannot be routed. */
function parseTools(tools: WireTool[], warnings: string[]): ToolDefinition[] {
  return tools.flatMap((tool): ToolDefinition[] => {
    if (tool.type !== undefined && tool.type !== 'custom') {
      warnings.push(`tool '${tool.name}' of type '${tool.type}' is an Anthropic server tool; it is not carried through the gateway and was ignored`);
      return [];
    }
    if (tool.cache_control !== undefined) warnings.push('cache_control is not carried through the gateway and was ignored');
    return [{
      type: 'function',
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.input_schema ?? { type: 'object', properties: {} },
    }];
  });
}

function parseToolChoice(choice: WireToolChoice): ToolChoice {
  switch (choice.type) {
    case 'any':
      return { type: 'required' };
    case 'tool':
      if (choice.name === undefined) throw new InvalidRequestError("tool_choice.name is required when tool_choice.type is 'tool'", 'tool_choice.name');
      return { type: 'tool', name: choice.name };
    default:
      return { type: choice.type };
  }
}

/**
 * A schema-checked Anthropic Messages body → the internal request. Also reads count_tokens bodies
 * (no `max_tokens`). Pure: returns the request and what it could not carry.
 */
export function parseAnthropicMessagesRequest(input: unknown): { value: ChatRequest; warnings: string[] } {
  const body = input as Record<string, unknown>;
  const warnings: string[] = [];
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) warnings.push(`parameter '${key}' is not supported and was ignored`);
  const system = parseSystem(body.system, warnings);
  const conversation = parseAnthropicConversation(body.messages as WireMessage[], warnings);
  const request: ChatRequest = {
    requestedModel: body.model as string,
    messages: system === undefined ? conversation : [system, ...conversation],
    params: {},
    stream: body.stream === true,
    clientFormat: 'anthropic-messages',
  };
  const { params } = request;
  if (typeof body.max_tokens === 'number') params.maxTokens = body.max_tokens;
  if (typeof body.temperature === 'number') params.temperature = body.temperature;
  if (typeof body.top_p === 'number') params.topP = body.top_p;
  if (typeof body.top_k === 'number') params.topK = body.top_k;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) params.stop = [...(body.stop_sequences as string[])];
  if (Array.isArray(body.tools)) {
    const tools = parseTools(body.tools as WireTool[], warnings);
    if (tools.length > 0) request.tools = tools;
  }
  if (body.tool_choice !== undefined) {
    const choice = body.tool_choice as WireToolChoice;
    request.toolChoice = parseToolChoice(choice);
    if (choice.disable_parallel_tool_use === true) params.parallelToolCalls = false;
  }
  const userId = (body.metadata as { user_id?: unknown } | undefined)?.user_id;
  if (typeof userId === 'string') request.user = userId;
  return { value: request, warnings: [...new Set(warnings)] };
}
