/**
 * OpenAI Responses wire (`POST /v1/responses`): `response` objects with reasoning, message,
 * function_call and custom_tool_call output items; the SSE event sequence (response.created …
 * output_item.added / deltas / output_item.done … response.completed); OpenAI's error shape.
 * Also the `input_tokens` and `compact` bodies of `/v1/responses/input_tokens` and `/compact`.
 */
import type { FakeAnswer } from './fake-answer.ts';
import { idSuffix, sseEvent, type FakeWire, type JsonObject } from './fake-wire.ts';
import { buildOpenAIError } from './openai-chat-wire.ts';
import { readFakePrompt, textOfContent, type FakePrompt } from './read-fake-prompt.ts';

type Status = 'in_progress' | 'completed';

function responseId(answer: FakeAnswer): string {
  return `resp_fake_${idSuffix(answer.sequence)}`;
}

function includesEncrypted(body: JsonObject): boolean {
  return Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content');
}

function usageOf(answer: FakeAnswer): JsonObject {
  const { inputTokens, outputTokens, cachedInputTokens } = answer.usage;
  const reasoningTokens = answer.reasoning === undefined ? 0 : Math.min(outputTokens, Math.max(1, Math.ceil(answer.reasoning.text.length / 4)));
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedInputTokens },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

/** The output items of the answer, in order, finished (`completed`) or as first announced. */
function outputItems(answer: FakeAnswer, body: JsonObject, status: Status): JsonObject[] {
  const suffix = idSuffix(answer.sequence);
  const done = status === 'completed';
  const items: JsonObject[] = [];
  if (answer.reasoning !== undefined) {
    const item: JsonObject = { type: 'reasoning', id: `rs_fake_${suffix}`, summary: done ? [{ type: 'summary_text', text: answer.reasoning.text }] : [] };
    if (done && includesEncrypted(body)) item.encrypted_content = answer.reasoning.encrypted ?? `enc_fake_${suffix}`;
    items.push(item);
  }
  if (answer.text !== '' || (answer.toolCall === undefined && answer.customToolCall === undefined)) {
    const content = done ? [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }] : [];
    items.push({ type: 'message', id: `msg_fake_${suffix}`, status, role: 'assistant', content });
  }
  if (answer.toolCall !== undefined) {
    const { name, argumentsJson } = answer.toolCall;
    items.push({ type: 'function_call', id: `fc_fake_${suffix}`, call_id: `call_fake_${suffix}`, name, arguments: done ? argumentsJson : '', status });
  }
  if (answer.customToolCall !== undefined) {
    const { name, input } = answer.customToolCall;
    items.push({ type: 'custom_tool_call', id: `ctc_fake_${suffix}`, call_id: `call_custom_fake_${suffix}`, name, input: done ? input : '', status });
  }
  return items;
}

function responseObject(answer: FakeAnswer, body: JsonObject, status: Status): JsonObject {
  return {
    id: responseId(answer),
    object: 'response',
    created_at: answer.created,
    status,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    model: answer.model,
    output: status === 'completed' ? outputItems(answer, body, 'completed') : [],
    parallel_tool_calls: body.parallel_tool_calls !== false,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    reasoning: body.reasoning ?? { effort: null, summary: null },
    store: body.store !== false,
    tools: Array.isArray(body.tools) ? body.tools : [],
    usage: status === 'completed' ? usageOf(answer) : null,
    metadata: {},
  };
}

export function buildOpenAIResponse(answer: FakeAnswer, body: JsonObject = {}): JsonObject {
  return responseObject(answer, body, 'completed');
}

/** The stream of one answer: every output item announced, streamed in deltas, and finished. */
export function buildOpenAIResponsesEvents(answer: FakeAnswer, body: JsonObject): string[] {
  let sequence = 0;
  const frames: string[] = [];
  const event = (type: string, fields: JsonObject): void => {
    frames.push(sseEvent(type, { type, sequence_number: sequence++, ...fields }));
  };
  event('response.created', { response: responseObject(answer, body, 'in_progress') });
  event('response.in_progress', { response: responseObject(answer, body, 'in_progress') });
  const finished = outputItems(answer, body, 'completed');
  outputItems(answer, body, 'in_progress').forEach((item, outputIndex) => {
    const where = { item_id: item.id, output_index: outputIndex };
    event('response.output_item.added', { output_index: outputIndex, item });
    switch (item.type) {
      case 'reasoning': {
        const text = answer.reasoning!.text;
        event('response.reasoning_summary_part.added', { ...where, summary_index: 0, part: { type: 'summary_text', text: '' } });
        for (const delta of answer.reasoning!.textPieces) event('response.reasoning_summary_text.delta', { ...where, summary_index: 0, delta });
        event('response.reasoning_summary_text.done', { ...where, summary_index: 0, text });
        event('response.reasoning_summary_part.done', { ...where, summary_index: 0, part: { type: 'summary_text', text } });
        break;
      }
      case 'message':
        event('response.content_part.added', { ...where, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
        for (const delta of answer.textPieces) event('response.output_text.delta', { ...where, content_index: 0, delta, logprobs: [] });
        event('response.output_text.done', { ...where, content_index: 0, text: answer.text, logprobs: [] });
        event('response.content_part.done', { ...where, content_index: 0, part: { type: 'output_text', text: answer.text, annotations: [], logprobs: [] } });
        break;
      case 'function_call':
        for (const delta of answer.toolCall!.argumentsPieces) event('response.function_call_arguments.delta', { ...where, delta });
        event('response.function_call_arguments.done', { ...where, name: answer.toolCall!.name, arguments: answer.toolCall!.argumentsJson });
        break;
      case 'custom_tool_call':
        for (const delta of answer.customToolCall!.inputPieces) event('response.custom_tool_call_input.delta', { ...where, delta });
        event('response.custom_tool_call_input.done', { ...where, input: answer.customToolCall!.input });
        break;
    }
    event('response.output_item.done', { output_index: outputIndex, item: finished[outputIndex] });
  });
  event('response.completed', { response: responseObject(answer, body, 'completed') });
  return frames;
}

/** `POST /v1/responses/input_tokens`. */
export function buildOpenAIInputTokens(answer: FakeAnswer): JsonObject {
  return { object: 'response.input_tokens', input_tokens: answer.usage.inputTokens };
}

/** `POST /v1/responses/compact`: the conversation replaced by one opaque compaction item. */
export function buildOpenAICompaction(answer: FakeAnswer): JsonObject {
  const suffix = idSuffix(answer.sequence);
  return {
    id: `resp_fake_compact_${suffix}`,
    object: 'response.compaction',
    created_at: answer.created,
    output: [{ type: 'compaction', id: `cmp_fake_${suffix}`, encrypted_content: `compacted_fake_${suffix}` }],
    usage: usageOf(answer),
  };
}

/** The last user text and the prompt size of `instructions` + `input` (a string or items). */
export function readResponsesPrompt(body: JsonObject): FakePrompt {
  if (typeof body.input === 'string') {
    const system = typeof body.instructions === 'string' ? body.instructions.length : 0;
    return { lastUserText: body.input, promptChars: system + body.input.length };
  }
  const prompt = readFakePrompt(body.input, 'content', body.instructions);
  if (!Array.isArray(body.input)) return prompt;
  let promptChars = prompt.promptChars;
  for (const item of body.input as JsonObject[]) {
    if (typeof item !== 'object' || item === null) continue;
    if (typeof item.output === 'string') promptChars += item.output.length;
    else promptChars += textOfContent(item.output).length;
    if (typeof item.arguments === 'string') promptChars += item.arguments.length;
    if (typeof item.input === 'string') promptChars += item.input.length;
  }
  return { ...prompt, promptChars };
}

export const openAIResponsesWire: FakeWire = {
  name: 'openai-responses',
  streamContentType: 'text/event-stream; charset=utf-8',
  validateRequest(body) {
    if (typeof body.model !== 'string' || body.model === '') return 'you must provide a model parameter';
    if (typeof body.input !== 'string' && !Array.isArray(body.input)) return "Missing required parameter: 'input'.";
    return undefined;
  },
  readPrompt: readResponsesPrompt,
  buildResponse: buildOpenAIResponse,
  buildStreamFrames: buildOpenAIResponsesEvents,
  buildError: buildOpenAIError,
  malformedBody: '{"id":"resp_broken","object":"response","output":[{"type":',
  malformedStreamFrames: [
    sseEvent('response.created', { type: 'response.created', sequence_number: 0, response: { id: 'resp_broken', object: 'response', status: 'in_progress', output: [] } }),
    'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"tru\n\n',
  ],
};
