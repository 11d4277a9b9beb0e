import type { ChatMessage, ImagePart, TextPart, ToolResultPart } from '../../core/chat-request.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import type { ResponsesContentPart, ResponsesInputItem } from './openai-responses-input-wire.ts';

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function unsupported(message: string, param: string): GatewayError {
  return new GatewayError('unsupported_feature', message, { param });
}

function parseImage(part: ResponsesContentPart, path: string, warnings: string[]): ImagePart {
  if (typeof part.image_url !== 'string') {
    if (typeof part.file_id === 'string') throw unsupported(`${path}.file_id: images stored with OpenAI's Files API cannot be routed; send image_url`, `${path}.file_id`);
    throw new InvalidRequestError(`${path}.image_url must be a string`, `${path}.image_url`);
  }
  if (part.detail !== undefined && part.detail !== 'auto') warnings.push(`${path}.detail '${part.detail}' is not supported and was ignored`);
  const match = DATA_URL.exec(part.image_url);
  return match ? { type: 'image', source: { type: 'base64', mediaType: match[1]!, data: match[2]! } } : { type: 'image', source: { type: 'url', url: part.image_url } };
}

function parseParts(content: unknown, path: string, warnings: string[]): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw new InvalidRequestError(`${path} must be a string or an array of content parts`, path);
  return (content as ResponsesContentPart[]).map((part, index) => {
    const partPath = `${path}[${index}]`;
    switch (part?.type) {
      case 'input_text':
      case 'output_text':
        if (typeof part.text !== 'string') throw new InvalidRequestError(`${partPath}.text must be a string`, `${partPath}.text`);
        return { type: 'text', text: part.text };
      case 'refusal':
        return { type: 'text', text: part.refusal ?? '' };
      case 'input_image':
        return parseImage(part, partPath, warnings);
      case 'input_file':
      case 'input_audio':
        throw unsupported(`${partPath}.type '${part.type}' is not supported by switchyard`, `${partPath}.type`);
      default:
        throw new InvalidRequestError(`${partPath}.type '${String(part?.type)}' is not a known content part type`, `${partPath}.type`);
    }
  });
}

function textOnly(parts: Array<TextPart | ImagePart>, path: string): TextPart[] {
  if (parts.some((part) => part.type !== 'text')) throw new InvalidRequestError(`${path} may only contain text for this role`, path);
  return parts as TextPart[];
}

function requireString(item: ResponsesInputItem, field: 'call_id' | 'name' | 'arguments', path: string): string {
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

function parseMessage(item: ResponsesInputItem, path: string, warnings: string[]): ChatMessage {
  const content = parseParts(item.content, `${path}.content`, warnings);
  switch (item.role) {
    case 'user':
      return { role: 'user', content };
    case 'system':
    case 'developer':
      return { role: 'system', content: textOnly(content, `${path}.content`) };
    case 'assistant':
      return { role: 'assistant', content: textOnly(content, `${path}.content`) };
    default:
      throw new InvalidRequestError(`${path}.role '${String(item.role)}' is not supported`, `${path}.role`);
  }
}

function parseToolOutput(item: ResponsesInputItem, path: string, names: ReadonlyMap<string, string>, warnings: string[]): ToolResultPart {
  const callId = requireString(item, 'call_id', path);
  const result: ToolResultPart = { type: 'tool-result', toolCallId: callId, content: parseParts(item.output ?? '', `${path}.output`, warnings) };
  const name = names.get(callId);
  if (name !== undefined) result.name = name;
  return result;
}

/**
 * `instructions` + `input` (a string or a list of items) → internal messages. Function calls join
 * the assistant turn before them; adjacent outputs become one tool turn; a tool output gets the
 * name of its earlier call. Server-stored state (item_reference) is refused, not guessed.
 */
export function parseOpenAIResponsesInput(instructions: unknown, input: unknown, warnings: string[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (typeof instructions === 'string' && instructions !== '') messages.push({ role: 'system', content: [{ type: 'text', text: instructions }] });
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return messages;
  }
  const names = new Map<string, string>();
  let droppedReasoning = 0;
  (input as ResponsesInputItem[]).forEach((item, index) => {
    const path = `input[${index}]`;
    switch (item.type ?? 'message') {
      case 'message':
        append(messages, parseMessage(item, path, warnings));
        break;
      case 'function_call': {
        const call = { type: 'tool-call' as const, id: requireString(item, 'call_id', path), name: requireString(item, 'name', path), arguments: requireString(item, 'arguments', path) };
        names.set(call.id, call.name);
        append(messages, { role: 'assistant', content: [call] });
        break;
      }
      case 'function_call_output':
        append(messages, { role: 'tool', content: [parseToolOutput(item, path, names, warnings)] });
        break;
      case 'reasoning':
        droppedReasoning++;
        break;
      case 'item_reference':
        throw unsupported(`${path}: item_reference reads server-stored state, which switchyard does not keep; send the items themselves`, `${path}.type`);
      default:
        throw unsupported(`${path}.type '${String(item.type)}' is not supported by switchyard (only messages, function_call and function_call_output)`, `${path}.type`);
    }
  });
  if (droppedReasoning > 0) warnings.push(`${droppedReasoning} reasoning input item(s) are provider state that cannot be replayed to another model; they were ignored`);
  return messages;
}
