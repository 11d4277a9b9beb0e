import type {
  AssistantMessage,
  ChatMessage,
  ChatRequest,
  ImagePart,
  ResponseFormat,
  TextPart,
  ToolChoice,
} from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';

type WirePart = { type: string; text?: string; image_url?: string | { url: string } };
type WireMessage = {
  role: string;
  content?: string | WirePart[] | null;
  tool_call_id?: string;
  name?: string;
  tool_calls?: Array<{ id: string; function: { name: string; arguments?: string } }>;
};

/** Fields we read, or knowingly ignore; anything else becomes a warning, never a silent drop. */
const KNOWN_FIELDS = new Set([
  'model', 'messages', 'stream', 'stream_options', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'n', 'stop',
  'presence_penalty', 'frequency_penalty', 'seed', 'user', 'metadata', 'parallel_tool_calls', 'tools', 'tool_choice', 'response_format',
]);

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function parseImage(url: string): ImagePart {
  const match = DATA_URL.exec(url);
  return match ? { type: 'image', source: { type: 'base64', mediaType: match[1]!, data: match[2]! } } : { type: 'image', source: { type: 'url', url } };
}

function parseParts(content: WireMessage['content'], path: string): Array<TextPart | ImagePart> {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw new InvalidRequestError(`${path}[${index}].text must be a string`, `${path}[${index}].text`);
      return { type: 'text', text: part.text };
    }
    if (part.type === 'image_url' && part.image_url !== undefined) {
      return parseImage(typeof part.image_url === 'string' ? part.image_url : part.image_url.url);
    }
    throw new InvalidRequestError(`${path}[${index}].type '${part.type}' is not supported (use 'text' or 'image_url')`, `${path}[${index}].type`);
  });
}

function textOnly(parts: Array<TextPart | ImagePart>, path: string): TextPart[] {
  if (parts.some((part) => part.type !== 'text')) throw new InvalidRequestError(`${path} may only contain text`, path);
  return parts as TextPart[];
}

function parseMessage(message: WireMessage, index: number): ChatMessage {
  const path = `messages[${index}].content`;
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOnly(parseParts(message.content, path), path) };
    case 'user':
      return { role: 'user', content: parseParts(message.content, path) };
    case 'assistant': {
      const content: AssistantMessage['content'] = textOnly(parseParts(message.content, path), path);
      for (const call of message.tool_calls ?? []) {
        content.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments ?? '' });
      }
      return { role: 'assistant', content };
    }
    case 'tool': {
      if (message.tool_call_id === undefined) throw new InvalidRequestError(`messages[${index}].tool_call_id is required for role 'tool'`, `messages[${index}].tool_call_id`);
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: message.tool_call_id, content: parseParts(message.content, path) }] };
    }
    default:
      throw new InvalidRequestError(`messages[${index}].role '${message.role}' is not supported`, `messages[${index}].role`);
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

function parseToolChoice(choice: unknown): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') return { type: choice as 'auto' | 'none' | 'required' };
  return { type: 'tool', name: (choice as { function: { name: string } }).function.name };
}

function parseResponseFormat(format: unknown): ResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  const { type, json_schema: schema } = format as { type: string; json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean | null } };
  if (type === 'json_object') return { type: 'json' };
  if (type === 'json_schema') {
    if (schema === undefined) throw new InvalidRequestError("response_format.json_schema is required when type is 'json_schema'", 'response_format.json_schema');
    return { type: 'json-schema', name: schema.name, schema: schema.schema ?? {}, ...(schema.strict == null ? {} : { strict: schema.strict }) };
  }
  return { type: 'text' };
}

/** A schema-checked OpenAI Chat Completions body → the internal request. */
export function parseOpenAIChatRequest(input: unknown): { value: ChatRequest; warnings: string[] } {
  const body = input as Record<string, unknown>;
  const warnings: string[] = [];
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) warnings.push(`parameter '${key}' is not supported and was ignored`);
  const messages = mergeToolTurns((body.messages as WireMessage[]).map(parseMessage));
  const request: ChatRequest = {
    requestedModel: body.model as string,
    messages,
    params: {},
    stream: body.stream === true,
    clientFormat: 'openai-chat',
  };
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
  if (Array.isArray(body.tools)) {
    request.tools = (body.tools as Array<{ function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null } }>).map(
      ({ function: tool }) => ({
        type: 'function',
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters ?? { type: 'object', properties: {} },
        ...(tool.strict == null ? {} : { strict: tool.strict }),
      }),
    );
  }
  const toolChoice = parseToolChoice(body.tool_choice);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  const responseFormat = parseResponseFormat(body.response_format);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  if (request.stream && (body.stream_options as { include_usage?: boolean } | null)?.include_usage === true) request.includeUsage = true;
  if (typeof body.user === 'string') request.user = body.user;
  if (body.metadata !== null && typeof body.metadata === 'object') request.metadata = body.metadata as Record<string, string>;
  return { value: request, warnings };
}
