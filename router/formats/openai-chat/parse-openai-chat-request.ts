import type {
  AssistantMessage,
  ChatMessage,
  ChatRequest,
  DocumentPart,
  ImagePart,
  ProviderPart,
  ReasoningConfig,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolDefinition,
  UserMessage,
} from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';

type WirePart = { type: string; text?: string; refusal?: string; image_url?: string | { url: string }; file?: { file_data?: string; file_id?: string; filename?: string } };
type WireToolCall = { id: string; type?: string; function?: { name: string; arguments?: string } };
type WireMessage = {
  role: string;
  content?: string | WirePart[] | null;
  tool_call_id?: string;
  name?: string;
  refusal?: string | null;
  reasoning_content?: string | null;
  tool_calls?: WireToolCall[];
};

/** Fields mapped to the internal request. */
const MAPPED_FIELDS = new Set([
  'model', 'messages', 'stream', 'stream_options', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'stop',
  'presence_penalty', 'frequency_penalty', 'seed', 'user', 'metadata', 'parallel_tool_calls', 'tools', 'tool_choice', 'response_format',
  'reasoning_effort',
]);

const REASONING_EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function parseImage(url: string): ImagePart {
  const match = DATA_URL.exec(url);
  return match ? { type: 'image', source: { type: 'base64', mediaType: match[1]!, data: match[2]! } } : { type: 'image', source: { type: 'url', url } };
}

/** A `file` part: inline (a data URL) or by file id. */
function parseFile(part: WirePart): DocumentPart | ProviderPart {
  const file = part.file ?? {};
  const named = file.filename === undefined ? {} : { filename: file.filename };
  if (typeof file.file_id === 'string') return { type: 'document', source: { type: 'file', fileId: file.file_id }, ...named };
  const match = typeof file.file_data === 'string' ? DATA_URL.exec(file.file_data) : null;
  if (match) return { type: 'document', source: { type: 'base64', mediaType: match[1]!, data: match[2]! }, ...named };
  return providerPart(part);
}

function providerPart(value: object): ProviderPart {
  return { type: 'provider', family: 'openai', kind: (value as { type?: unknown }).type as string, value: value as Record<string, unknown> };
}

/** User content: text, images, files; any other part (input_audio, a new type) is kept as a provider part. */
function parseUserParts(content: WireMessage['content'], path: string): UserMessage['content'] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw new InvalidRequestError(`${path}[${index}].text must be a string`, `${path}[${index}].text`);
      return { type: 'text', text: part.text };
    }
    if (part.type === 'image_url' && part.image_url !== undefined) return parseImage(typeof part.image_url === 'string' ? part.image_url : part.image_url.url);
    if (part.type === 'file') return parseFile(part);
    return providerPart(part);
  });
}

/** The text of system, developer and tool content; other parts are noted (they only matter across formats). */
function textParts(content: WireMessage['content'], path: string, warnings: string[]): TextPart[] {
  const parts = parseUserParts(content, path);
  const text = parts.filter((part): part is TextPart => part.type === 'text');
  if (text.length < parts.length) warnings.push(`${path}: only text parts are kept here across formats`);
  return text;
}

function parseAssistant(message: WireMessage, path: string): AssistantMessage {
  const content: AssistantMessage['content'] = [];
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') content.push({ type: 'reasoning', text: message.reasoning_content });
  if (typeof message.content === 'string') {
    if (message.content !== '') content.push({ type: 'text', text: message.content });
  } else if (Array.isArray(message.content)) {
    message.content.forEach((part, index) => {
      if (part.type === 'text' && typeof part.text === 'string') content.push({ type: 'text', text: part.text });
      else if (part.type === 'refusal' && typeof part.refusal === 'string') content.push({ type: 'refusal', text: part.refusal });
      else if (part.type === 'text') throw new InvalidRequestError(`${path}[${index}].text must be a string`, `${path}[${index}].text`);
      else content.push(providerPart(part));
    });
  }
  if (typeof message.refusal === 'string' && message.refusal !== '') content.push({ type: 'refusal', text: message.refusal });
  for (const call of message.tool_calls ?? []) {
    if ((call.type === undefined || call.type === 'function') && call.function !== undefined) {
      content.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments ?? '' });
    } else {
      content.push({ type: 'provider', family: 'openai', kind: `${call.type ?? 'unknown'}_tool_call`, value: call as unknown as Record<string, unknown> });
    }
  }
  return { role: 'assistant', content };
}

function parseMessage(message: WireMessage, index: number, warnings: string[]): ChatMessage {
  const path = `messages[${index}].content`;
  switch (message.role) {
    case 'system':
      return { role: 'system', content: textParts(message.content, path, warnings) };
    case 'developer':
      return { role: 'system', content: textParts(message.content, path, warnings), developer: true };
    case 'user':
      return { role: 'user', content: parseUserParts(message.content, path) };
    case 'assistant':
      return parseAssistant(message, path);
    case 'tool': {
      if (message.tool_call_id === undefined) throw new InvalidRequestError(`messages[${index}].tool_call_id is required for role 'tool'`, `messages[${index}].tool_call_id`);
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: message.tool_call_id, content: textParts(message.content, path, warnings) }] };
    }
    default:
      // A role we do not know (the legacy `function`, a new one): a signal value, carried as sent.
      warnings.push(`messages[${index}].role '${message.role}' has no equivalent across formats`);
      return { role: 'user', content: [{ type: 'provider', family: 'openai', kind: `message:${message.role}`, value: message as unknown as Record<string, unknown> }] };
  }
}

/** Adjacent tool messages become one tool turn (Anthropic and Gemini want them together). */
function mergeToolTurns(messages: ChatMessage[]): ChatMessage[] {
  const merged: ChatMessage[] = [];
  for (const message of messages) {
    const previous = merged.at(-1);
    if (message.role === 'tool' && previous?.role === 'tool') previous.content.push(...message.content);
    else merged.push(message);
  }
  return merged;
}

function parseTools(tools: unknown[]): ToolDefinition[] {
  return tools.map((tool, index): ToolDefinition => {
    const { type, function: definition } = tool as { type: string; function?: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null } };
    if (type !== 'function') {
      const name = (tool as { custom?: { name?: unknown } }).custom?.name;
      return { type: 'provider', family: 'openai', kind: type, ...(typeof name === 'string' ? { name } : {}), value: tool as Record<string, unknown> };
    }
    if (definition === undefined) throw new InvalidRequestError(`tools[${index}].function is required when type is 'function'`, `tools[${index}].function`);
    return {
      type: 'function',
      name: definition.name,
      ...(definition.description === undefined ? {} : { description: definition.description }),
      parameters: definition.parameters ?? { type: 'object', properties: {} },
      ...(definition.strict == null ? {} : { strict: definition.strict }),
    };
  });
}

function parseToolChoice(choice: unknown, warnings: string[]): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  const object = choice as { type?: string; function?: { name?: unknown }; custom?: { name?: unknown }; allowed_tools?: { mode?: unknown } };
  const name = object.function?.name ?? object.custom?.name;
  if (typeof name === 'string') return { type: 'tool', name };
  if (object.type === 'allowed_tools') {
    warnings.push('tool_choice.allowed_tools is sent as its mode across formats (the tool list is not narrowed)');
    return { type: object.allowed_tools?.mode === 'required' ? 'required' : 'auto' };
  }
  warnings.push(`tool_choice ${JSON.stringify(choice).slice(0, 80)} has no equivalent across formats; the provider's default applies`);
  return undefined;
}

function parseResponseFormat(format: unknown, warnings: string[]): ResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  const { type, json_schema: schema } = format as { type: string; json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean | null } };
  if (type === 'text') return { type: 'text' };
  if (type === 'json_object') return { type: 'json' };
  if (type === 'json_schema') {
    if (schema === undefined) throw new InvalidRequestError("response_format.json_schema is required when type is 'json_schema'", 'response_format.json_schema');
    return { type: 'json-schema', name: schema.name, schema: schema.schema ?? {}, ...(schema.strict == null ? {} : { strict: schema.strict }) };
  }
  warnings.push(`response_format type '${type}' has no equivalent across formats`);
  return undefined;
}

function parseReasoning(effort: unknown, warnings: string[]): ReasoningConfig | undefined {
  if (typeof effort !== 'string') return undefined;
  if (REASONING_EFFORTS.has(effort)) return { effort: effort as NonNullable<ReasoningConfig['effort']> };
  warnings.push(`reasoning_effort '${effort}' has no equivalent across formats`);
  return undefined;
}

/**
 * A schema-checked OpenAI Chat Completions body → the internal request, for routing signals, the
 * scorer, the audit and translation. Tolerant: what the internal format has no field for (n,
 * prompt_cache_key, service_tier, unknown fields) goes into `providerOptions.openai`; unknown parts,
 * roles and tool types become provider parts and tools. The warnings name what cannot cross
 * formats; the same-format path carries the body itself and does not need them.
 */
export function parseOpenAIChatRequest(input: unknown): { value: ChatRequest; warnings: string[] } {
  const body = input as Record<string, unknown>;
  const warnings: string[] = [];
  const messages = mergeToolTurns((body.messages as WireMessage[]).map((message, index) => parseMessage(message, index, warnings)));
  const request: ChatRequest = {
    requestedModel: typeof body.model === 'string' ? body.model : '',
    messages,
    params: {},
    stream: body.stream === true,
    clientFormat: 'openai-chat',
  };
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MAPPED_FIELDS.has(key) && value !== undefined) options[key] = value;
  if (Object.keys(options).length > 0) request.providerOptions = { openai: options };
  const params = request.params;
  if (typeof body.temperature === 'number') params.temperature = body.temperature;
  if (typeof body.top_p === 'number') params.topP = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') params.maxTokens = maxTokens;
  if (typeof body.stop === 'string') params.stop = [body.stop];
  else if (Array.isArray(body.stop)) params.stop = body.stop as string[];
  if (typeof body.presence_penalty === 'number') params.presencePenalty = body.presence_penalty;
  if (typeof body.frequency_penalty === 'number') params.frequencyPenalty = body.frequency_penalty;
  if (typeof body.seed === 'number') params.seed = body.seed;
  if (typeof body.parallel_tool_calls === 'boolean') params.parallelToolCalls = body.parallel_tool_calls;
  if (Array.isArray(body.tools)) request.tools = parseTools(body.tools);
  const toolChoice = parseToolChoice(body.tool_choice, warnings);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  const responseFormat = parseResponseFormat(body.response_format, warnings);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  const reasoning = parseReasoning(body.reasoning_effort, warnings);
  if (reasoning !== undefined) request.reasoning = reasoning;
  if (request.stream && (body.stream_options as { include_usage?: boolean } | null)?.include_usage === true) request.includeUsage = true;
  if (typeof body.user === 'string') request.user = body.user;
  if (body.metadata !== null && typeof body.metadata === 'object') request.metadata = body.metadata as Record<string, string>;
  return { value: request, warnings };
}
