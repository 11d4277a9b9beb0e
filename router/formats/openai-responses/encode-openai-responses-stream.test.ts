import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { encodeOpenAIResponsesResponse } from './encode-openai-responses-response.ts';
import { encodeOpenAIResponsesStream, encodeOpenAIResponsesStreamError } from './encode-openai-responses-stream.ts';

const context: EncodeContext = { id: 'req1', created: 1_700_000_000, model: 'gemini-2.5-flash', includeUsage: false };
const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2 };

const textAndCall: StreamEvent[] = [
  { type: 'response-start', id: 'upstream-1', reportedModel: undefined },
  { type: 'text-start', index: 0 },
  { type: 'text-delta', index: 0, delta: 'Checking' },
  { type: 'text-delta', index: 0, delta: '.' },
  { type: 'text-end', index: 0 },
  { type: 'tool-call-start', index: 1, id: 'call_9', name: 'get_weather' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Paris"}' },
  { type: 'tool-call-end', index: 1 },
  { type: 'usage', usage },
  { type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'STOP' }, usage },
];

async function* replay(events: StreamEvent[], error?: Error): AsyncGenerator<StreamEvent> {
  yield* events;
  if (error) throw error;
}

type Frame = { event: string; data: Record<string, unknown> & { type: string; sequence_number: number } };

function parseFrames(text: string): Frame[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) as Frame['data'] };
    });
}

async function encode(events: AsyncIterable<StreamEvent>): Promise<Frame[]> {
  let text = '';
  for await (const frame of encodeOpenAIResponsesStream(events, context).frames) text += frame;
  return parseFrames(text);
}

describe('encodeOpenAIResponsesStream', () => {
  it('emits the Responses event sequence with consecutive sequence numbers', async () => {
    const frames = await encode(replay(textAndCall));
    expect(frames.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(frames.map((frame) => frame.data.type)).toEqual(frames.map((frame) => frame.event));
    expect(frames.map((frame) => frame.data.sequence_number)).toEqual(frames.map((_frame, index) => index));
    expect(frames[0]!.data.response).toMatchObject({ id: 'resp_req1', object: 'response', status: 'in_progress', output: [], model: 'gemini-2.5-flash' });
    expect(frames[4]!.data).toMatchObject({ item_id: 'msg_req1_0', output_index: 0, content_index: 0, delta: 'Checking' });
    expect(frames[11]!.data).toMatchObject({ item_id: 'fc_req1_1', output_index: 1, name: 'get_weather', arguments: '{"city":"Paris"}' });
  });

  it('response.completed carries the same response as the non-streaming encoder', async () => {
    const frames = await encode(replay(textAndCall));
    const result: ChatResult = {
      id: 'upstream-1',
      content: [{ type: 'text', text: 'Checking.' }, { type: 'tool-call', id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
      usage,
      reportedModel: undefined,
    };
    const whole = encodeOpenAIResponsesResponse(result, context);
    expect(frames.at(-1)!.data.response).toEqual(whole);
    expect(whole).toMatchObject({
      status: 'completed',
      output: [
        { type: 'message', id: 'msg_req1_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
        { type: 'function_call', id: 'fc_req1_1', call_id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
      ],
      usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 2 }, output_tokens: 5, total_tokens: 15 },
    });
  });

  it('a length stop ends with response.incomplete and the reason', async () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: undefined, reportedModel: undefined },
      { type: 'text-delta', index: 0, delta: 'Once upon' },
      { type: 'response-end', finishReason: { unified: 'length', raw: 'MAX_TOKENS' }, usage: undefined },
    ];
    const frames = await encode(replay(events));
    expect(frames.at(-1)).toMatchObject({ event: 'response.incomplete', data: { response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } } });
    expect(frames.find((frame) => frame.event === 'response.output_item.done')?.data.item).toMatchObject({ status: 'incomplete', content: [{ text: 'Once upon' }] });
  });

  it('a failure after the first byte becomes response.failed, numbered after what was sent, with the output so far', async () => {
    const cut = new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
    let text = '';
    const encoded = encodeOpenAIResponsesStream(replay(textAndCall.slice(0, 3), cut), context);
    const thrown = await (async () => {
      for await (const frame of encoded.frames) text += frame;
    })().catch((caught: unknown) => caught);
    expect(thrown).toBe(cut);
    const sent = parseFrames(text);
    const [failed] = parseFrames(encoded.fail(cut));
    expect(failed).toMatchObject({
      event: 'response.failed',
      data: {
        sequence_number: sent.length,
        response: { id: 'resp_req1', status: 'failed', error: { code: 'upstream_error', message: 'upstream stream ended before it finished' }, output: [{ type: 'message', status: 'incomplete', content: [{ text: 'Checking' }] }] },
      },
    });
  });

  it('an error on a stream it did not encode (a carried one) is a bare error event', () => {
    const [frame] = parseFrames(encodeOpenAIResponsesStreamError(new UpstreamError({ kind: 'connection', reason: 'gone' })));
    expect(frame).toMatchObject({ event: 'error', data: { type: 'error', code: 'upstream_error', message: 'gone' } });
  });

  it('reasoning, a refusal, a freeform tool call and an OpenAI provider item: streamed and whole agree', async () => {
    const request: ChatRequest = {
      requestedModel: 'm',
      messages: [],
      params: {},
      stream: true,
      clientFormat: 'openai-responses',
      tools: [{ type: 'function', name: 'apply_patch', parameters: { type: 'object' }, freeform: { format: { type: 'text' } } }],
    };
    const withRequest: EncodeContext = { ...context, request };
    const patch = '*** Begin Patch\n*** End Patch\n';
    const argumentsJson = JSON.stringify({ input: patch });
    const search = { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } };
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'up', reportedModel: undefined },
      { type: 'reasoning-start', index: 0, family: 'anthropic' },
      { type: 'reasoning-delta', index: 0, delta: 'Let me ' },
      { type: 'reasoning-delta', index: 0, delta: 'think.' },
      { type: 'reasoning-signature', index: 0, signature: 'sig-abc' },
      { type: 'reasoning-end', index: 0 },
      { type: 'refusal-delta', index: 1, delta: 'I will not do that part.' },
      { type: 'provider-part', index: 2, part: { family: 'openai', kind: 'web_search_call', value: search } },
      { type: 'provider-part', index: 3, part: { family: 'anthropic', kind: 'server_tool_use', value: { type: 'server_tool_use' } } },
      { type: 'tool-call-start', index: 4, id: 'call_p', name: 'apply_patch' },
      { type: 'tool-call-delta', index: 4, argumentsDelta: argumentsJson.slice(0, 9) },
      { type: 'tool-call-delta', index: 4, argumentsDelta: argumentsJson.slice(9) },
      { type: 'tool-call-end', index: 4 },
      { type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: { inputTokens: 3, outputTokens: 9, reasoningTokens: 4 } },
    ];
    let text = '';
    for await (const frame of encodeOpenAIResponsesStream(replay(events), withRequest).frames) text += frame;
    const frames = parseFrames(text);
    const types = frames.map((frame) => frame.event);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.refusal.delta',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.refusal.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const output = (frames.at(-1)!.data.response as { output: Array<Record<string, unknown>> }).output;
    expect(output).toEqual([
      { type: 'reasoning', id: 'rs_req1_0', summary: [{ type: 'summary_text', text: 'Let me think.' }], encrypted_content: expect.stringMatching(/^switchyard\.v1:/) },
      { type: 'message', id: 'msg_req1_1', status: 'completed', role: 'assistant', content: [{ type: 'refusal', refusal: 'I will not do that part.' }] },
      search,
      { type: 'custom_tool_call', id: 'ctc_req1_3', call_id: 'call_p', name: 'apply_patch', input: patch, status: 'completed' },
    ]);
    expect((frames.at(-1)!.data.response as { usage: unknown }).usage).toMatchObject({ output_tokens_details: { reasoning_tokens: 4 } });
    const whole = encodeOpenAIResponsesResponse(
      {
        id: 'up',
        content: [
          { type: 'reasoning', text: 'Let me think.', family: 'anthropic', signature: 'sig-abc' },
          { type: 'refusal', text: 'I will not do that part.' },
          { type: 'provider', family: 'openai', kind: 'web_search_call', value: search },
          { type: 'provider', family: 'anthropic', kind: 'server_tool_use', value: { type: 'server_tool_use' } },
          { type: 'tool-call', id: 'call_p', name: 'apply_patch', arguments: argumentsJson },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        usage: { inputTokens: 3, outputTokens: 9, reasoningTokens: 4 },
        reportedModel: undefined,
      },
      withRequest,
    );
    expect(whole.output).toEqual(output);
  });
});
