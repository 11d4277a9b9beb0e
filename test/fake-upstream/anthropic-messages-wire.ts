/**
 * Anthropic Messages wire: `message` bodies with thinking / redacted_thinking / server web search / text (cited) / tool_use blocks, the full SSE event
 * sequence (message_start … message_stop), `{ type: 'error', error: { type, message } }` errors
 * and the count_tokens body.
 */
import type { FakeAnswer } from './fake-answer.ts';
import { idSuffix, sseEvent, type FakeWire, type JsonObject } from './fake-wire.ts';
import { readFakePrompt } from './read-fake-prompt.ts';

function messageId(answer: FakeAnswer): string {
  return `msg_fake_${idSuffix(answer.sequence)}`;
}

function toolUseId(answer: FakeAnswer): string {
  return `toolu_fake_${idSuffix(answer.sequence)}`;
}

function stopReason(answer: FakeAnswer): string {
  return answer.toolCall === undefined ? 'end_turn' : 'tool_use';
}

function usageOf(answer: FakeAnswer, outputTokens: number): JsonObject {
  return {
    input_tokens: answer.usage.inputTokens,
    cache_creation_input_tokens: answer.usage.cacheCreationInputTokens,
    cache_read_input_tokens: answer.usage.cachedInputTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: answer.usage.cacheCreationInputTokens - answer.usage.cacheCreation1hInputTokens,
      ephemeral_1h_input_tokens: answer.usage.cacheCreation1hInputTokens,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function messageHead(answer: FakeAnswer): JsonObject {
  return { id: messageId(answer), type: 'message', role: 'assistant', model: answer.model };
}

/** The signature the fake signs a thinking block with when the script names none. */
function signatureOf(answer: FakeAnswer): string {
  return answer.reasoning?.signature ?? `sig_fake_${idSuffix(answer.sequence)}`;
}

function reasoningBlocks(answer: FakeAnswer): JsonObject[] {
  const { reasoning } = answer;
  if (reasoning === undefined) return [];
  const blocks: JsonObject[] = [{ type: 'thinking', thinking: reasoning.text, signature: signatureOf(answer) }];
  if (reasoning.redacted !== undefined) blocks.push({ type: 'redacted_thinking', data: reasoning.redacted });
  return blocks;
}

/** thinking_delta pieces and one signature_delta, as Anthropic streams a thinking block; a redacted block arrives whole. */
function reasoningFrames(answer: FakeAnswer): string[] {
  const { reasoning } = answer;
  if (reasoning === undefined) return [];
  const frames = [sseEvent('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } })];
  for (const piece of reasoning.textPieces) {
    frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: piece } }));
  }
  frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: signatureOf(answer) } }));
  frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index: 0 }));
  if (reasoning.redacted !== undefined) {
    frames.push(sseEvent('content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: reasoning.redacted } }));
    frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index: 1 }));
  }
  return frames;
}

/** A scripted server web search: the call, its result (the pages), a lead-in text block; the answer's text then cites the first page. */
function webSearchBlocks(answer: FakeAnswer): JsonObject[] {
  const search = answer.webSearch;
  if (search === undefined) return [];
  const id = `srvtoolu_fake_${idSuffix(answer.sequence)}`;
  const results = search.results.map((result, position) => ({ type: 'web_search_result', url: result.url, title: result.title, encrypted_content: `enc_fake_${position}`, page_age: null }));
  return [
    { type: 'server_tool_use', id, name: 'web_search', input: { query: search.query } },
    { type: 'web_search_tool_result', tool_use_id: id, content: results },
    { type: 'text', text: 'From the search: ' },
  ];
}

/** The citation of the answer's text, when it follows a web search. */
function answerCitations(answer: FakeAnswer): JsonObject[] | undefined {
  const first = answer.webSearch?.results[0];
  if (answer.webSearch === undefined || first === undefined) return undefined;
  return [{ type: 'web_search_result_location', url: first.url, title: first.title, encrypted_index: 'idx_fake_0', cited_text: answer.webSearch.citedText }];
}

/** One whole block as Anthropic streams it: a server tool call's input as input_json_delta, a text block's text as text_delta, anything else whole. */
function blockFrames(block: JsonObject, index: number): string[] {
  const frames: string[] = [];
  if (block.type === 'server_tool_use') {
    frames.push(sseEvent('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } }));
    frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }));
  } else if (block.type === 'text') {
    frames.push(sseEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
    frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } }));
  } else frames.push(sseEvent('content_block_start', { type: 'content_block_start', index, content_block: block }));
  frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index }));
  return frames;
}

export function buildAnthropicMessage(answer: FakeAnswer): JsonObject {
  const content: JsonObject[] = [...reasoningBlocks(answer), ...webSearchBlocks(answer)];
  const citations = answerCitations(answer);
  if (answer.text !== '' || answer.toolCall === undefined) content.push({ type: 'text', text: answer.text, ...(citations === undefined ? {} : { citations }) });
  if (answer.toolCall !== undefined) {
    content.push({ type: 'tool_use', id: toolUseId(answer), name: answer.toolCall.name, input: answer.toolCall.arguments });
  }
  return {
    ...messageHead(answer),
    content,
    stop_reason: stopReason(answer),
    stop_sequence: null,
    usage: usageOf(answer, answer.usage.outputTokens),
  };
}

export function buildAnthropicStreamEvents(answer: FakeAnswer): string[] {
  const frames = [
    sseEvent('message_start', {
      type: 'message_start',
      message: { ...messageHead(answer), content: [], stop_reason: null, stop_sequence: null, usage: usageOf(answer, 1) },
    }),
  ];
  const reasoning = reasoningFrames(answer);
  frames.push(...reasoning);
  let index = reasoningBlocks(answer).length;
  for (const block of webSearchBlocks(answer)) frames.push(...blockFrames(block, index++));
  const citations = answerCitations(answer);
  if (answer.text !== '' || answer.toolCall === undefined) {
    frames.push(sseEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', ...(citations === undefined ? {} : { citations: [] }) } }));
    frames.push(sseEvent('ping', { type: 'ping' }));
    for (const citation of citations ?? []) frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } }));
    for (const piece of answer.textPieces) {
      frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }));
    }
    frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index }));
    index += 1;
  }
  const toolCall = answer.toolCall;
  if (toolCall !== undefined) {
    frames.push(
      sseEvent('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: toolUseId(answer), name: toolCall.name, input: {} },
      }),
    );
    if (index === 0) frames.push(sseEvent('ping', { type: 'ping' }));
    for (const piece of toolCall.argumentsPieces) {
      frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }));
    }
    frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index }));
  }
  frames.push(
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason(answer), stop_sequence: null },
      usage: { output_tokens: answer.usage.outputTokens },
    }),
  );
  frames.push(sseEvent('message_stop', { type: 'message_stop' }));
  return frames;
}

const errorTypes: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function buildAnthropicError(status: number, message: string): JsonObject {
  const type = errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message } };
}

export function buildAnthropicTokenCount(inputTokens: number): JsonObject {
  return { input_tokens: inputTokens };
}

export const anthropicMessagesWire: FakeWire = {
  name: 'anthropic-messages',
  streamContentType: 'text/event-stream; charset=utf-8',
  validateRequest(body) {
    if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
    if (!Array.isArray(body.messages)) return 'messages: Field required';
    if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
    return undefined;
  },
  readPrompt: (body) => readFakePrompt(body.messages, 'content', body.system),
  buildResponse: buildAnthropicMessage,
  buildStreamFrames: buildAnthropicStreamEvents,
  buildError: buildAnthropicError,
  malformedBody: '{"id":"msg_broken","type":"message","content":[{"type":"text","text":',
  malformedStreamFrames: [
    sseEvent('message_start', { type: 'message_start', message: { id: 'msg_broken', type: 'message', role: 'assistant', content: [], model: 'broken', stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } }),
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n',
    sseEvent('message_stop', { type: 'message_stop' }),
  ],
};
