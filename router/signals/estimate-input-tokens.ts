import type { ChatRequest } from '../core/chat-request.ts';

/**
 * A cheap ESTIMATE of a request's input tokens, for the `input_tokens` rule signal and the
 * per-model `max_input_tokens` check. No tokenizer runs on the request path: text counts as
 * UTF-8 bytes / 4 (about right for English and code; for CJK, 3 bytes per character gives ~0.75
 * token per character, close to real tokenizers, where characters / 4 would undercount 3×), plus
 * fixed allowances: 4 tokens per message, 1,000 per image, tool definitions by the bytes of their
 * JSON. Exact counts come from the scorer when it runs, and from the provider's usage afterwards.
 */
const BYTES_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_IMAGE = 1000;

function textTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(Buffer.byteLength(text, 'utf8') / BYTES_PER_TOKEN);
}

export function estimateInputTokens(request: ChatRequest): number {
  let tokens = estimateNonTextTokens(request);
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text') tokens += textTokens(part.text);
      else if (part.type === 'tool-call') tokens += textTokens(part.arguments);
      else if (part.type === 'tool-result') for (const inner of part.content) if (inner.type === 'text') tokens += textTokens(inner.text);
    }
  }
  return tokens;
}

/**
 * The part of the estimate that is not message text (the scorer's `promptText`: text, tool-call
 * arguments, tool-result text): per-message overhead, images, tool-call names, tool definitions and
 * a JSON schema. The smart router adds it to the scorer's exact count of the text.
 */
export function estimateNonTextTokens(request: ChatRequest): number {
  let tokens = 0;
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE;
    for (const part of message.content) {
      if (part.type === 'image') tokens += TOKENS_PER_IMAGE;
      else if (part.type === 'tool-call') tokens += textTokens(part.name);
      else if (part.type === 'tool-result') for (const inner of part.content) if (inner.type !== 'text') tokens += TOKENS_PER_IMAGE;
    }
  }
  for (const tool of request.tools ?? []) if (tool.type === 'function') tokens += textTokens(tool.name) + textTokens(tool.description ?? '') + textTokens(JSON.stringify(tool.parameters));
  if (request.responseFormat?.type === 'json-schema') tokens += textTokens(JSON.stringify(request.responseFormat.schema));
  return tokens;
}
