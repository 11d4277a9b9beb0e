import type { AssistantMessage, ChatMessage, ImagePart, TextPart, ToolResultPart } from '../../core/chat-request.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';

/** A content block as the schema lets it through: `type` is a string, the rest is checked here. */
export type WireBlock = { type: string; [field: string]: unknown };
export type WireMessage = { role: 'user' | 'assistant'; content: string | WireBlock[] };

/** Assistant history blocks the gateway cannot carry but that lose nothing the model needs to go on. */
const DROPPED_HISTORY_BLOCKS = new Set(['thinking', 'redacted_thinking']);

function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new InvalidRequestError(`${path} must be a string`, path);
  return value;
}

function noteCacheControl(block: WireBlock, warnings: string[]): void {
  if (block.cache_control !== undefined) warnings.push('cache_control is not carried through the gateway and was ignored');
}

function parseImage(block: WireBlock, path: string): ImagePart {
  const source = block.source as { type?: unknown; media_type?: unknown; data?: unknown; url?: unknown } | undefined;
  if (source?.type === 'base64') {
    return { type: 'image', source: { type: 'base64', mediaType: requireString(source.media_type, `${path}.source.media_type`), data: requireString(source.data, `${path}.source.data`) } };
  }
  if (source?.type === 'url') return { type: 'image', source: { type: 'url', url: requireString(source.url, `${path}.source.url`) } };
  throw new InvalidRequestError(`${path}.source.type must be 'base64' or 'url'`, `${path}.source.type`);
}

function unsupported(block: WireBlock, path: string, where: string): GatewayError {
  return new GatewayError('unsupported_feature', `${path}.type '${block.type}' is not supported in ${where} by this gateway`, { param: `${path}.type` });
}

/** Text and image blocks (user content, tool_result content). */
function parseMediaBlock(block: WireBlock, path: string, where: string, warnings: string[]): TextPart | ImagePart {
  noteCacheControl(block, warnings);
  if (block.type === 'text') return { type: 'text', text: requireString(block.text, `${path}.text`) };
  if (block.type === 'image') return parseImage(block, path);
  throw unsupported(block, path, where);
}

function parseToolResult(block: WireBlock, path: string, toolNames: ReadonlyMap<string, string>, warnings: string[]): ToolResultPart {
  noteCacheControl(block, warnings);
  const toolCallId = requireString(block.tool_use_id, `${path}.tool_use_id`);
  const { content } = block;
  let parts: Array<TextPart | ImagePart>;
  if (content === undefined) parts = [];
  else if (typeof content === 'string') parts = [{ type: 'text', text: content }];
  else if (Array.isArray(content)) parts = (content as WireBlock[]).map((item, index) => parseMediaBlock(item, `${path}.content[${index}]`, 'tool results', warnings));
  else throw new InvalidRequestError(`${path}.content must be a string or an array of blocks`, `${path}.content`);
  const name = toolNames.get(toolCallId);
  return { type: 'tool-result', toolCallId, ...(name === undefined ? {} : { name }), content: parts, ...(block.is_error === true ? { isError: true } : {}) };
}

/** A user turn: runs of tool_result blocks become tool messages, runs of text/images user messages. */
function parseUserTurn(blocks: WireBlock[], path: string, toolNames: ReadonlyMap<string, string>, warnings: string[]): ChatMessage[] {
  const turns: ChatMessage[] = [];
  blocks.forEach((block, index) => {
    const blockPath = `${path}[${index}]`;
    const previous = turns.at(-1);
    if (block.type === 'tool_result') {
      const result = parseToolResult(block, blockPath, toolNames, warnings);
      if (previous?.role === 'tool') previous.content.push(result);
      else turns.push({ role: 'tool', content: [result] });
      return;
    }
    const part = parseMediaBlock(block, blockPath, 'user messages', warnings);
    if (previous?.role === 'user') previous.content.push(part);
    else turns.push({ role: 'user', content: [part] });
  });
  return turns;
}

function parseAssistantTurn(blocks: WireBlock[], path: string, toolNames: Map<string, string>, warnings: string[]): AssistantMessage {
  const content: AssistantMessage['content'] = [];
  blocks.forEach((block, index) => {
    const blockPath = `${path}[${index}]`;
    noteCacheControl(block, warnings);
    if (block.type === 'text') {
      content.push({ type: 'text', text: requireString(block.text, `${blockPath}.text`) });
    } else if (block.type === 'tool_use') {
      const id = requireString(block.id, `${blockPath}.id`);
      const name = requireString(block.name, `${blockPath}.name`);
      toolNames.set(id, name);
      content.push({ type: 'tool-call', id, name, arguments: JSON.stringify(block.input ?? {}) });
    } else if (DROPPED_HISTORY_BLOCKS.has(block.type)) {
      warnings.push(`'${block.type}' blocks in the conversation history are not carried through the gateway and were left out`);
    } else {
      throw unsupported(block, blockPath, 'assistant messages');
    }
  });
  return { role: 'assistant', content };
}

/**
 * Anthropic `messages` → internal messages. Tool results get their tool's name from the assistant
 * turn that called it (Gemini needs names). Blocks the gateway cannot represent are a 400
 * (`unsupported_feature`), except thinking history, which is left out with a warning.
 */
export function parseAnthropicConversation(messages: WireMessage[], warnings: string[]): ChatMessage[] {
  const toolNames = new Map<string, string>();
  return messages.flatMap((message, index): ChatMessage[] => {
    const path = `messages[${index}].content`;
    const blocks: WireBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    return message.role === 'user' ? parseUserTurn(blocks, path, toolNames, warnings) : [parseAssistantTurn(blocks, path, toolNames, warnings)];
  });
}
