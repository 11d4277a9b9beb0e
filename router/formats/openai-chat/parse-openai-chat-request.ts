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
import type { OpenAIChatMessageWire, OpenAIChatPartWire, OpenAIChatRequestWire, OpenAIChatToolWire } from './openai-chat-request-schema.ts';

/** Fields mapped to the internal request. */
const MAPPED_FIELDS = new Set([
  'model', 'messages', 'stream', 'stream_options', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'stop',
  'presence_penalty', 'frequency_penalty', 'seed', 'user', 'metadata', 'parallel_tool_calls', 'tools', 'tool_choice', 'response_format',
  'reasoning_effort',
]);

type Effort = NonNullable<ReasoningConfig['effort']>;
const REASONING_EFFORTS: ReadonlySet<string> = new Set<Effort>(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

function isEffort(value: string): value is Effort {
  return REASONING_EFFORTS.has(value);
}
const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function parseImage(url: string): ImagePart {
  const match = DATA_URL.exec(url);
  return match ? { type: 'image', source: { type: 'base64', mediaType: match[1]!, data: match[2]! } } : { type: 'image', source: { type: 'url', url } };
}

/** A string member of an object the schema leaves open (a `file` part's fields), else undefined. */
function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : undefined;
}

/** A `file` part: inline (a data URL) or by file id. */
function parseFile(part: OpenAIChatPartWire): DocumentPart | ProviderPart {
  const filename = stringField(part.file, 'filename');
  const named = filename === undefined ? {} : { filename };
  const fileId = stringField(part.file, 'file_id');
  if (fileId !== undefined) return { type: 'document', source: { type: 'file', fileId }, ...named };
  const fileData = stringField(part.file, 'file_data');
  const match = fileData === undefined ? null : DATA_URL.exec(fileData);
  if (match) return { type: 'document', source: { type: 'base64', mediaType: match[1]!, data: match[2]! }, ...named };
  return providerPart(part);
}

function providerPart(value: OpenAIChatPartWire): ProviderPart {
  return { type: 'provider', family: 'openai', kind: value.type, value };
}

/** User content: text, images, files; any other part (input_audio, a new type) is kept as a provider part. */
function parseUserParts(content: OpenAIChatMessageWire['content'], path: string): UserMessage['content'] {
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
function textParts(content: OpenAIChatMessageWire['content'], path: string, warnings: string[]): TextPart[] {
  const parts = parseUserParts(content, path);
  const text = parts.filter((part): part is TextPart => part.type === 'text');
  if (text.length < parts.length) warnings.push(`${path}: only text parts are kept here across formats`);
  return text;
}

function parseAssistant(message: OpenAIChatMessageWire, path: string): AssistantMessage {
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
      content.push({ type: 'provider', family: 'openai', kind: `${call.type ?? 'unknown'}_tool_call`, value: call });
    }
  }
  return { role: 'assistant', content };
}

function parseMessage(message: OpenAIChatMessageWire, index: number, warnings: string[]): ChatMessage {
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
      return { role: 'user', content: [{ type: 'provider', family: 'openai', kind: `message:${message.role}`, value: message }] };
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

function parseTools(tools: OpenAIChatToolWire[]): ToolDefinition[] {
  return tools.map((tool, index): ToolDefinition => {
    const { type, function: definition } = tool;
    if (type !== 'function') {
      const name = stringField(tool.custom, 'name');
      return { type: 'provider', family: 'openai', kind: type, ...(name === undefined ? {} : { name }), value: tool };
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

function parseToolChoice(choice: OpenAIChatRequestWire['tool_choice'], warnings: string[]): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (typeof choice === 'object') {
    const name = stringField(choice.function, 'name') ?? stringField(choice.custom, 'name');
    if (name !== undefined) return { type: 'tool', name };
    if (choice.type === 'allowed_tools') {
      warnings.push('tool_choice.allowed_tools is sent as its mode across formats (the tool list is not narrowed)');
      return { type: stringField(choice.allowed_tools, 'mode') === 'required' ? 'required' : 'auto' };
    }
  }
  warnings.push(`tool_choice ${JSON.stringify(choice).slice(0, 80)} has no equivalent across formats; the provider's default applies`);
  return undefined;
}

function parseResponseFormat(format: OpenAIChatRequestWire['response_format'], warnings: string[]): ResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  const { type, json_schema: schema } = format;
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
  if (isEffort(effort)) return { effort };
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
  // Fastify checked the body against the schema this type is inferred from (openai-chat-request-schema.ts).
  const body = input as OpenAIChatRequestWire;
  const warnings: string[] = [];
  const messages = mergeToolTurns(body.messages.map((message, index) => parseMessage(message, index, warnings)));
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
  else if (Array.isArray(body.stop)) params.stop = body.stop;
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
  if (request.stream && body.stream_options?.include_usage === true) request.includeUsage = true;
  if (typeof body.user === 'string') request.user = body.user;
  if (body.metadata !== null && typeof body.metadata === 'object') request.metadata = body.metadata;
  return { value: request, warnings };
}
