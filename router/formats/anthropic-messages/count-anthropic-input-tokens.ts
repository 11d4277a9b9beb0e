import { get_encoding, type Tiktoken } from 'tiktoken';
import type { ChatRequest } from '../../core/chat-request.ts';

/**
 * An ESTIMATE of a request's input tokens for `/v1/messages/count_tokens`. Claude's tokenizer is not
 * public, so text is counted with tiktoken's cl100k_base (its ~100k vocabulary lands closer to
 * Claude's counts than o200k_base does), plus fixed allowances:
 *  - 3 tokens per message (role and turn markers),
 *  - 1,600 tokens per image (Anthropic's figure for an image at its maximum size; pixel size is
 *    not known without decoding),
 *  - Anthropic's tool-use system prompt when tools are present (346 tokens with tool_choice
 *    auto/none, 313 with any/tool, per its pricing docs for current models).
 * Exact for no provider; close enough for budgeting and context-window checks.
 */
const ENCODING = 'cl100k_base';
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_IMAGE = 1600;
const TOOL_PROMPT_TOKENS = 346;
const FORCED_TOOL_PROMPT_TOKENS = 313;

/** Loading the ranks takes a second or more, so one encoder lives for the process (never freed). */
let encoder: Tiktoken | undefined;

function countText(text: string): number {
  if (text === '') return 0;
  encoder ??= get_encoding(ENCODING);
  return encoder.encode_ordinary(text).length;
}

function countParts(parts: ReadonlyArray<{ type: string; text?: string }>): number {
  let tokens = 0;
  for (const part of parts) tokens += part.type === 'image' ? TOKENS_PER_IMAGE : countText(part.text ?? '');
  return tokens;
}

export function countAnthropicInputTokens(request: ChatRequest): number {
  let tokens = 0;
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE;
    for (const part of message.content) {
      if (part.type === 'tool-call') tokens += countText(part.name) + countText(part.arguments);
      else if (part.type === 'tool-result') tokens += countParts(part.content);
      else if (part.type === 'text' || part.type === 'image') tokens += countParts([part]);
      else if (part.type === 'reasoning' || part.type === 'refusal') tokens += countText(part.text);
    }
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    const forced = request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool';
    tokens += forced ? FORCED_TOOL_PROMPT_TOKENS : TOOL_PROMPT_TOKENS;
    for (const tool of request.tools) {
      if (tool.type !== 'function') continue;
      tokens += countText(tool.name) + countText(tool.description ?? '') + countText(JSON.stringify(tool.parameters));
    }
  }
  return tokens;
}
