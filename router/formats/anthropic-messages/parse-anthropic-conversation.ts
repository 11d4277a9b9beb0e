import type { AssistantMessage, ChatMessage, ImagePart, SystemMessage, TextPart, ToolResultPart } from '../../core/chat-request.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { decodeReasoningSignature } from './anthropic-reasoning-signature.ts';
import { cacheOf } from './parse-anthropic-cache-control.ts';
import type { AnthropicMessageWire } from './anthropic-messages-request-schema.ts';
import { anthropicProviderPart, isWireBlock, parseAnthropicContentBlock, requireString, type UserContentPart, type WireBlock } from './parse-anthropic-content-block.ts';

type WireMessage = AnthropicMessageWire;

function blocksOf(message: WireMessage): WireBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/**
 * A tool_result block. Its text and images stay in the result; anything else inside it (Claude
 * Code's Read tool puts a PDF there as a `document` block) is returned apart, to follow the run of
 * results as user content: the internal tool result holds text and images only.
 */
function parseToolResult(block: WireBlock, path: string, toolNames: ReadonlyMap<string, string>): { result: ToolResultPart; attached: UserContentPart[] } {
  const toolCallId = requireString(block.tool_use_id, `${path}.tool_use_id`);
  const { content } = block;
  const parts: Array<TextPart | ImagePart> = [];
  const attached: UserContentPart[] = [];
  if (typeof content === 'string') parts.push({ type: 'text', text: content });
  else if (Array.isArray(content)) {
    content.forEach((item: unknown, index) => {
      const itemPath = `${path}.content[${index}]`;
      if (!isWireBlock(item)) throw new InvalidRequestError(`${itemPath}.type must be a string`, `${itemPath}.type`);
      const part = parseAnthropicContentBlock(item, itemPath);
      if (part.type === 'text' || part.type === 'image') parts.push(part);
      else attached.push(part);
    });
  } else if (content !== undefined) throw new InvalidRequestError(`${path}.content must be a string or an array of blocks`, `${path}.content`);
  const name = toolNames.get(toolCallId);
  const result: ToolResultPart = {
    type: 'tool-result',
    toolCallId,
    ...(name === undefined ? {} : { name }),
    content: parts,
    ...(block.is_error === true ? { isError: true } : {}),
    ...cacheOf(block),
  };
  return { result, attached };
}

/**
 * A user turn: runs of tool_result blocks become tool messages, the other blocks user messages.
 * Content found inside a run's results (documents) follows the run as one user message, so tool
 * results still directly follow the assistant's calls.
 */
function parseUserTurn(blocks: WireBlock[], path: string, toolNames: ReadonlyMap<string, string>): ChatMessage[] {
  const turns: ChatMessage[] = [];
  let attached: UserContentPart[] = [];
  const pushUserParts = (parts: UserContentPart[]): void => {
    const previous = turns.at(-1);
    if (previous?.role === 'user') previous.content.push(...parts);
    else turns.push({ role: 'user', content: [...parts] });
  };
  const flushAttached = (): void => {
    if (attached.length === 0) return;
    pushUserParts(attached);
    attached = [];
  };
  blocks.forEach((block, index) => {
    const blockPath = `${path}[${index}]`;
    if (block.type === 'tool_result') {
      const parsed = parseToolResult(block, blockPath, toolNames);
      attached.push(...parsed.attached);
      const previous = turns.at(-1);
      if (previous?.role === 'tool') previous.content.push(parsed.result);
      else turns.push({ role: 'tool', content: [parsed.result] });
      return;
    }
    flushAttached();
    pushUserParts([parseAnthropicContentBlock(block, blockPath)]);
  });
  flushAttached();
  return turns;
}

function parseAssistantTurn(blocks: WireBlock[], path: string, toolNames: Map<string, string>): AssistantMessage {
  const content: AssistantMessage['content'] = [];
  blocks.forEach((block, index) => {
    const blockPath = `${path}[${index}]`;
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: requireString(block.text, `${blockPath}.text`), ...cacheOf(block) });
        break;
      case 'tool_use': {
        const id = requireString(block.id, `${blockPath}.id`);
        const name = requireString(block.name, `${blockPath}.name`);
        toolNames.set(id, name);
        content.push({ type: 'tool-call', id, name, arguments: JSON.stringify(block.input ?? {}) });
        break;
      }
      case 'thinking':
        content.push({
          type: 'reasoning',
          text: requireString(block.thinking, `${blockPath}.thinking`),
          ...decodeReasoningSignature(typeof block.signature === 'string' ? block.signature : undefined),
        });
        break;
      case 'redacted_thinking':
        content.push({ type: 'reasoning', text: '', family: 'anthropic', redacted: requireString(block.data, `${blockPath}.data`) });
        break;
      default:
        content.push(anthropicProviderPart(block));
    }
  });
  return { role: 'assistant', content };
}

/** A `role: "system"` message inside `messages` (Claude Code's environment block): text parts with their cache breakpoints. */
function parseSystemTurn(blocks: WireBlock[], path: string, warnings: string[]): SystemMessage {
  const content: TextPart[] = [];
  blocks.forEach((block, index) => {
    if (block.type === 'text') content.push({ type: 'text', text: requireString(block.text, `${path}[${index}].text`), ...cacheOf(block) });
    else warnings.push(`a '${block.type}' block in a system message has no equivalent outside Anthropic and was left out when translating`);
  });
  return { role: 'system', content };
}

/**
 * Anthropic `messages` → internal messages, at their positions. Roles: user, assistant and system
 * (mid-conversation system messages); an unknown role is read as user, with a warning. Blocks the
 * internal format has no type for become provider parts; thinking and redacted_thinking become
 * reasoning parts with their signature (family 'anthropic'). Tool results get their tool's name
 * from the assistant turn that called it (Gemini needs names).
 */
export function parseAnthropicConversation(messages: WireMessage[], warnings: string[]): ChatMessage[] {
  const toolNames = new Map<string, string>();
  return messages.flatMap((message, index): ChatMessage[] => {
    const path = `messages[${index}].content`;
    const blocks = blocksOf(message);
    switch (message.role) {
      case 'assistant':
        return [parseAssistantTurn(blocks, path, toolNames)];
      case 'system':
        return [parseSystemTurn(blocks, path, warnings)];
      case 'user':
        return parseUserTurn(blocks, path, toolNames);
      default: {
        warnings.push(`messages[${index}].role '${message.role}' is not a role the gateway knows; it was read as user`);
        return parseUserTurn(blocks, path, toolNames);
      }
    }
  });
}
