import type {
  AssistantMessage,
  ChatMessage,
  DocumentPart,
  ImagePart,
  ProviderPart,
  ReasoningPart,
  RefusalPart,
  TextPart,
  ToolResultPart,
  UserMessage,
} from '../../core/chat-request.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { decodeReasoningContent } from './responses-reasoning-content.ts';
import { FREEFORM_INPUT, type ResponsesContentPart, type ResponsesInputItem } from './openai-responses-input-wire.ts';

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

type AnyPart = TextPart | ImagePart | DocumentPart | RefusalPart | ProviderPart;

function provider(kind: string, value: object): ProviderPart {
  return { type: 'provider', family: 'openai', kind, value: value as Record<string, unknown> };
}

function parseImage(part: ResponsesContentPart, path: string, warnings: string[]): ImagePart | ProviderPart {
  if (typeof part.image_url !== 'string') {
    if (typeof part.file_id === 'string') return provider('input_image', part);
    throw new InvalidRequestError(`${path}.image_url must be a string`, `${path}.image_url`);
  }
  if (part.detail !== undefined && part.detail !== 'auto') warnings.push(`${path}.detail '${part.detail}' has no equivalent across formats`);
  const match = DATA_URL.exec(part.image_url);
  return match ? { type: 'image', source: { type: 'base64', mediaType: match[1]!, data: match[2]! } } : { type: 'image', source: { type: 'url', url: part.image_url } };
}

function parseFile(part: ResponsesContentPart): DocumentPart | ProviderPart {
  const named = typeof part.filename === 'string' ? { filename: part.filename } : {};
  const inline = typeof part.file_data === 'string' ? DATA_URL.exec(part.file_data) : null;
  if (inline !== null) return { type: 'document', source: { type: 'base64', mediaType: inline[1]!, data: inline[2]! }, ...named };
  if (typeof part.file_url === 'string') return { type: 'document', source: { type: 'url', url: part.file_url }, ...named };
  if (typeof part.file_id === 'string') return { type: 'document', source: { type: 'file', fileId: part.file_id }, ...named };
  return provider('input_file', part);
}

function parseParts(content: unknown, path: string, warnings: string[]): AnyPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) throw new InvalidRequestError(`${path} must be a string or an array of content parts`, path);
  return (content as ResponsesContentPart[]).map((part, index): AnyPart => {
    const partPath = `${path}[${index}]`;
    if (typeof part !== 'object' || part === null) throw new InvalidRequestError(`${partPath} must be an object`, partPath);
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        if (typeof part.text !== 'string') throw new InvalidRequestError(`${partPath}.text must be a string`, `${partPath}.text`);
        return { type: 'text', text: part.text };
      case 'refusal':
        return { type: 'refusal', text: part.refusal ?? '' };
      case 'input_image':
        return parseImage(part, partPath, warnings);
      case 'input_file':
        return parseFile(part);
      default:
        // input_audio, and whatever the API adds next: carried for an OpenAI target.
        return provider(String(part.type), part);
    }
  });
}

function requireString(item: ResponsesInputItem, field: 'call_id' | 'name' | 'arguments' | 'input', path: string): string {
  const value = item[field];
  if (typeof value !== 'string') throw new InvalidRequestError(`${path}.${field} must be a string`, `${path}.${field}`);
  return value;
}

/** Appends to the last message when it has the same role (a turn may span several items). */
function append(messages: ChatMessage[], message: ChatMessage): void {
  const last = messages.at(-1);
  if (last !== undefined && last.role === message.role && (message.role === 'assistant' || message.role === 'tool')) {
    (last.content as unknown[]).push(...message.content);
  } else messages.push(message);
}

function systemText(parts: AnyPart[], path: string): TextPart[] {
  return parts.map((part) => {
    if (part.type === 'text') return part;
    if (part.type === 'refusal') return { type: 'text', text: part.text };
    throw new InvalidRequestError(`${path} may only contain text for this role`, path);
  });
}

function userContent(parts: AnyPart[]): UserMessage['content'] {
  return parts.map((part) => (part.type === 'refusal' ? { type: 'text', text: part.text } : part));
}

function assistantContent(parts: AnyPart[], path: string): AssistantMessage['content'] {
  return parts.map((part) => {
    if (part.type === 'text' || part.type === 'refusal' || part.type === 'provider') return part;
    throw new InvalidRequestError(`${path} may only contain text and refusals for the assistant`, path);
  });
}

function parseMessage(item: ResponsesInputItem, path: string, warnings: string[]): ChatMessage {
  const parts = parseParts(item.content, `${path}.content`, warnings);
  switch (item.role) {
    case 'user':
      return { role: 'user', content: userContent(parts) };
    case 'system':
      return { role: 'system', content: systemText(parts, `${path}.content`) };
    case 'developer':
      return { role: 'system', content: systemText(parts, `${path}.content`), developer: true };
    case 'assistant':
      return { role: 'assistant', content: assistantContent(parts, `${path}.content`) };
    default:
      // A role this version does not know: kept whole for an OpenAI target, a signal value elsewhere.
      return { role: 'user', content: [provider('message', item)] };
  }
}

function parseReasoning(item: ResponsesInputItem): ReasoningPart {
  const summary = Array.isArray(item.summary) ? item.summary : [];
  const part: ReasoningPart = {
    type: 'reasoning',
    text: summary.map((entry) => (typeof entry?.text === 'string' ? entry.text : '')).join('\n\n'),
    family: 'openai',
  };
  if (typeof item.encrypted_content === 'string') Object.assign(part, decodeReasoningContent(item.encrypted_content));
  if (typeof item.id === 'string') part.id = item.id;
  return part;
}

function parseToolOutput(item: ResponsesInputItem, path: string, names: ReadonlyMap<string, string>, warnings: string[]): ToolResultPart {
  const callId = requireString(item, 'call_id', path);
  const content = parseParts(item.output ?? '', `${path}.output`, warnings).map((part): TextPart | ImagePart => {
    if (part.type === 'text' || part.type === 'image') return part;
    if (part.type === 'refusal') return { type: 'text', text: part.text };
    warnings.push(`${path}.output: a '${part.type === 'provider' ? part.kind : part.type}' part in a tool output has no equivalent across formats and was left out`);
    return { type: 'text', text: '' };
  });
  const result: ToolResultPart = { type: 'tool-result', toolCallId: callId, content: content.filter((part) => part.type !== 'text' || part.text !== '') };
  const name = names.get(callId);
  if (name !== undefined) result.name = name;
  return result;
}

/**
 * `instructions` + `input` (a string or a list of items) → internal messages, tolerantly: messages
 * of any role, function and custom tool calls and their outputs, reasoning items (summary and
 * encrypted content, replayable to OpenAI) and every other item type (local_shell_call,
 * web_search_call, compaction…) kept as a provider part. Calls join the assistant turn before them;
 * adjacent outputs become one tool turn and get their call's name. A custom tool call is a call
 * whose arguments are `{"input": …}`, the emulation other providers see. Only server-stored state
 * (item_reference) is refused: the gateway does not hold it.
 */
export function parseOpenAIResponsesInput(instructions: unknown, input: unknown, warnings: string[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (typeof instructions === 'string' && instructions !== '') messages.push({ role: 'system', content: [{ type: 'text', text: instructions }] });
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return messages;
  }
  if (input === undefined || input === null) return messages;
  if (!Array.isArray(input)) throw new InvalidRequestError('input must be a string or an array of items', 'input');
  const names = new Map<string, string>();
  (input as ResponsesInputItem[]).forEach((item, index) => {
    const path = `input[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InvalidRequestError(`${path} must be an object`, path);
    switch (item.type ?? 'message') {
      case 'message':
        append(messages, parseMessage(item, path, warnings));
        break;
      case 'function_call':
      case 'custom_tool_call': {
        const callArguments = item.type === 'function_call' ? requireString(item, 'arguments', path) : JSON.stringify({ [FREEFORM_INPUT]: requireString(item, 'input', path) });
        const call = { type: 'tool-call' as const, id: requireString(item, 'call_id', path), name: requireString(item, 'name', path), arguments: callArguments };
        names.set(call.id, call.name);
        append(messages, { role: 'assistant', content: [call] });
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
        append(messages, { role: 'tool', content: [parseToolOutput(item, path, names, warnings)] });
        break;
      case 'reasoning':
        append(messages, { role: 'assistant', content: [parseReasoning(item)] });
        break;
      case 'item_reference':
        throw new GatewayError('unsupported_feature', `${path}: item_reference reads an item stored on the server, which switchyard does not keep; send the items themselves`, { param: `${path}.type` });
      default: {
        // local_shell_call, web_search_call, compaction, what the API adds next: the target's translator warns if it cannot honour it.
        const kind = String(item.type);
        const part = provider(kind, item);
        append(messages, kind.endsWith('_output') ? { role: 'user', content: [part] } : { role: 'assistant', content: [part] });
      }
    }
  });
  return messages;
}
