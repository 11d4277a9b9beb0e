/**
 * OpenAI Chat Completions wire (with `reasoning_content`, as OpenAI-compatible reasoning servers send it): `chat.completion` bodies, `chat.completion.chunk` SSE frames ending
 * in `data: [DONE]`, and `{ error: { message, type, param, code } }` errors.
 */
import type { FakeAnswer } from './fake-answer.ts';
import { idSuffix, sseData, type FakeWire, type JsonObject } from './fake-wire.ts';
import { readFakePrompt } from './read-fake-prompt.ts';

const systemFingerprint = 'fp_fake';

function completionId(answer: FakeAnswer): string {
  return `chatcmpl-fake-${idSuffix(answer.sequence)}`;
}

function toolCallId(answer: FakeAnswer): string {
  return `call_fake_${idSuffix(answer.sequence)}`;
}

function finishReason(answer: FakeAnswer): string {
  return answer.toolCall === undefined ? 'stop' : 'tool_calls';
}

function annotationsOf(answer: FakeAnswer): JsonObject[] {
  return (answer.urlCitations ?? []).map((cited) => ({ type: 'url_citation', url_citation: { start_index: cited.start, end_index: cited.end, url: cited.url, title: cited.title } }));
}

function usageOf(answer: FakeAnswer): JsonObject {
  const { inputTokens, outputTokens, cachedInputTokens, reasoningTokens } = answer.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function buildOpenAIChatCompletion(answer: FakeAnswer): JsonObject {
  const message: JsonObject = {
    role: 'assistant',
    content: answer.text === '' && answer.toolCall !== undefined ? null : answer.text,
    refusal: null,
    annotations: annotationsOf(answer),
    ...(answer.reasoning === undefined ? {} : { reasoning_content: answer.reasoning.text }),
  };
  if (answer.toolCall !== undefined) {
    message.tool_calls = [
      { id: toolCallId(answer), type: 'function', function: { name: answer.toolCall.name, arguments: answer.toolCall.argumentsJson } },
    ];
  }
  return {
    id: completionId(answer),
    object: 'chat.completion',
    created: answer.created,
    model: answer.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(answer) }],
    usage: usageOf(answer),
    service_tier: 'default',
    system_fingerprint: systemFingerprint,
  };
}

function includesUsage(body: JsonObject): boolean {
  const options = body.stream_options;
  return typeof options === 'object' && options !== null && (options as JsonObject).include_usage === true;
}

export function buildOpenAIChatChunks(answer: FakeAnswer, body: JsonObject): string[] {
  const withUsage = includesUsage(body);
  const head = { id: completionId(answer), object: 'chat.completion.chunk', created: answer.created, model: answer.model, service_tier: 'default', system_fingerprint: systemFingerprint };
  const chunk = (delta: JsonObject, finish: string | null): string =>
    sseData({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(withUsage ? { usage: null } : {}) });
  const frames = [chunk({ role: 'assistant', content: '', refusal: null }, null)];
  for (const piece of answer.reasoning?.textPieces ?? []) frames.push(chunk({ reasoning_content: piece }, null));
  for (const piece of answer.textPieces) frames.push(chunk({ content: piece }, null));
  // Search models stream the message's annotations in a chunk of their own once the content is out.
  if (answer.urlCitations !== undefined && answer.urlCitations.length > 0) frames.push(chunk({ annotations: annotationsOf(answer) }, null));
  const toolCall = answer.toolCall;
  if (toolCall !== undefined) {
    frames.push(chunk({ tool_calls: [{ index: 0, id: toolCallId(answer), type: 'function', function: { name: toolCall.name, arguments: '' } }] }, null));
    for (const piece of toolCall.argumentsPieces) frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
  }
  frames.push(chunk({}, finishReason(answer)));
  if (withUsage) frames.push(sseData({ ...head, choices: [], usage: usageOf(answer) }));
  frames.push('data: [DONE]\n\n');
  return frames;
}

const errorTypes: Readonly<Record<number, { type: string; code: string | null }>> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
};

export function buildOpenAIError(status: number, message: string): JsonObject {
  const known = errorTypes[status] ?? { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
  return { error: { message, type: known.type, param: null, code: known.code } };
}

export function buildOpenAIModelList(models: readonly string[], created: number): JsonObject {
  return { object: 'list', data: models.map((id) => ({ id, object: 'model', created, owned_by: 'switchyard-fake' })) };
}

export const openAIChatWire: FakeWire = {
  name: 'openai-chat',
  streamContentType: 'text/event-stream; charset=utf-8',
  validateRequest(body) {
    if (typeof body.model !== 'string' || body.model === '') return 'you must provide a model parameter';
    if (!Array.isArray(body.messages)) return "Missing required parameter: 'messages'.";
    return undefined;
  },
  readPrompt: (body) => readFakePrompt(body.messages, 'content'),
  buildResponse: buildOpenAIChatCompletion,
  buildStreamFrames: buildOpenAIChatChunks,
  buildError: buildOpenAIError,
  malformedBody: '{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"message":{"role":',
  malformedStreamFrames: [
    sseData({ id: 'chatcmpl-broken', object: 'chat.completion.chunk', created: 0, model: 'broken', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
    'data: {"id":"chatcmpl-broken","choices":[{"delta":{"content":"tru\n\n',
    'data: [DONE]\n\n',
  ],
};
