import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/chat-request.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { parseOpenAIResponsesInput } from './parse-openai-responses-input.ts';

/** Fields read into the internal request. */
const READ_FIELDS = new Set([
  'model', 'input', 'instructions', 'stream', 'temperature', 'top_p', 'max_output_tokens', 'parallel_tool_calls', 'metadata', 'user', 'tools', 'tool_choice', 'text',
]);

/** Fields whose value here means "nothing special": no warning for them. */
const HARMLESS_VALUES: Readonly<Record<string, unknown>> = { store: false, background: false, truncation: 'disabled', include: [] };

/** Fields that read or need server-stored state: refused with a clear 400 rather than half-served. */
const STATEFUL_FIELDS: Readonly<Record<string, string>> = {
  previous_response_id: 'previous_response_id reads a response stored on the server',
  conversation: 'conversation reads a conversation stored on the server',
  prompt: 'prompt refers to a prompt template stored with OpenAI',
  background: 'background mode needs the response stored on the server to poll it',
};

function isHarmless(key: string, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const harmless = HARMLESS_VALUES[key];
  return Array.isArray(harmless) ? Array.isArray(value) && value.length === 0 : harmless === value;
}

function checkFields(body: Record<string, unknown>, warnings: string[]): void {
  for (const [key, value] of Object.entries(body)) {
    if (READ_FIELDS.has(key) || isHarmless(key, value)) continue;
    const stateful = STATEFUL_FIELDS[key];
    if (stateful !== undefined) {
      throw new GatewayError('unsupported_feature', `${stateful}; switchyard keeps no server-side state. Send the whole conversation in input instead.`, { param: key });
    }
    if (key === 'store') warnings.push('store is not supported: the response is not stored and cannot be read back');
    else warnings.push(`parameter '${key}' is not supported and was ignored`);
  }
}

type WireTool = { type: string; name?: string; description?: string | null; parameters?: Record<string, unknown> | null; strict?: boolean | null };

function parseTools(tools: WireTool[], warnings: string[]): ToolDefinition[] {
  const parsed: ToolDefinition[] = [];
  tools.forEach((tool, index) => {
    if (tool.type !== 'function') {
      warnings.push(`tool type '${tool.type}' is not supported and was ignored`);
      return;
    }
    if (typeof tool.name !== 'string' || tool.name === '') throw new InvalidRequestError(`tools[${index}].name is required`, `tools[${index}].name`);
    parsed.push({
      type: 'function',
      name: tool.name,
      ...(tool.description == null ? {} : { description: tool.description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict == null ? {} : { strict: tool.strict }),
    });
  });
  return parsed;
}

function parseToolChoice(choice: unknown, warnings: string[]): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') return { type: choice as 'auto' | 'none' | 'required' };
  const { type, name } = choice as { type: string; name?: string };
  if (type === 'function' && typeof name === 'string') return { type: 'tool', name };
  warnings.push(`tool_choice of type '${type}' is not supported and was ignored`);
  return undefined;
}

function parseTextFormat(text: unknown, warnings: string[]): ResponseFormat | undefined {
  if (text === undefined || text === null) return undefined;
  const { format, ...rest } = text as { format?: { type: string; name?: string; schema?: Record<string, unknown>; strict?: boolean | null; description?: string } };
  for (const key of Object.keys(rest)) warnings.push(`text.${key} is not supported and was ignored`);
  if (format === undefined || format.type === 'text') return format === undefined ? undefined : { type: 'text' };
  if (format.type === 'json_object') return { type: 'json' };
  if (typeof format.name !== 'string' || format.schema === undefined) {
    throw new InvalidRequestError("text.format needs name and schema when type is 'json_schema'", 'text.format');
  }
  if (format.description !== undefined) warnings.push('text.format.description is not supported and was ignored');
  return { type: 'json-schema', name: format.name, schema: format.schema, ...(format.strict == null ? {} : { strict: format.strict }) };
}

/** A schema-checked OpenAI Responses body → the internal request. */
export function parseOpenAIResponsesRequest(input: unknown): { value: ChatRequest; warnings: string[] } {
  const body = input as Record<string, unknown>;
  const warnings: string[] = [];
  checkFields(body, warnings);
  const request: ChatRequest = {
    requestedModel: body.model as string,
    messages: parseOpenAIResponsesInput(body.instructions, body.input, warnings),
    params: {},
    stream: body.stream === true,
    clientFormat: 'openai-responses',
  };
  if (request.messages.length === 0) throw new InvalidRequestError('input must contain at least one item', 'input');
  const { params } = request;
  if (typeof body.temperature === 'number') params.temperature = body.temperature;
  if (typeof body.top_p === 'number') params.topP = body.top_p;
  if (typeof body.max_output_tokens === 'number') params.maxTokens = body.max_output_tokens;
  if (typeof body.parallel_tool_calls === 'boolean') params.parallelToolCalls = body.parallel_tool_calls;
  if (Array.isArray(body.tools)) {
    const tools = parseTools(body.tools as WireTool[], warnings);
    if (tools.length > 0) request.tools = tools;
  }
  const toolChoice = parseToolChoice(body.tool_choice, warnings);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  const responseFormat = parseTextFormat(body.text, warnings);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  if (typeof body.user === 'string') request.user = body.user;
  if (body.metadata !== null && typeof body.metadata === 'object') request.metadata = { ...(body.metadata as Record<string, string>) };
  return { value: request, warnings };
}
