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
 *
 * This function only gathers: the texts to count and the allowances. The caller counts the texts
 * (router/tokens/create-token-counter.ts, in a worker thread: a long prompt takes seconds).
 */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_IMAGE = 1600;
const TOOL_PROMPT_TOKENS = 346;
const FORCED_TOOL_PROMPT_TOKENS = 313;

export interface InputTokenTexts {
  /** Every text whose cl100k_base tokens count. */
  readonly texts: string[];
  /** The allowances: per message, per image, the tool-use system prompt. */
  readonly fixedTokens: number;
}

export function anthropicInputTokenTexts(request: ChatRequest): InputTokenTexts {
  const texts: string[] = [];
  let fixedTokens = 0;
  const addParts = (parts: ReadonlyArray<{ type: string; text?: string }>) => {
    for (const part of parts) {
      if (part.type === 'image') fixedTokens += TOKENS_PER_IMAGE;
      else texts.push(part.text ?? '');
    }
  };
  for (const message of request.messages) {
    fixedTokens += TOKENS_PER_MESSAGE;
    for (const part of message.content) {
      if (part.type === 'tool-call') texts.push(part.name, part.arguments);
      else if (part.type === 'tool-result') addParts(part.content);
      else if (part.type === 'text' || part.type === 'image') addParts([part]);
      else if (part.type === 'reasoning' || part.type === 'refusal') texts.push(part.text);
    }
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    const forced = request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool';
    fixedTokens += forced ? FORCED_TOOL_PROMPT_TOKENS : TOOL_PROMPT_TOKENS;
    for (const tool of request.tools) {
      if (tool.type !== 'function') continue;
      texts.push(tool.name, tool.description ?? '', JSON.stringify(tool.parameters));
    }
  }
  return { texts, fixedTokens };
}
