import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { encodeAnthropicMessagesResponse } from '../../formats/anthropic-messages/encode-anthropic-messages-response.ts';
import { encodeAnthropicMessagesStream } from '../../formats/anthropic-messages/encode-anthropic-messages-stream.ts';
import { parseAnthropicMessagesRequest } from '../../formats/anthropic-messages/parse-anthropic-messages-request.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { transformAnthropicStream } from './anthropic-stream-transform.ts';
import { convertFromAnthropicResponse } from './convert-from-anthropic-response.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';

/**
 * The Anthropic ingress codec and the Anthropic provider are inverses: what a client sends comes out
 * unchanged on the way to an Anthropic upstream, and what the upstream answers reaches the client as
 * it was. (A gateway between an Anthropic client and an Anthropic upstream must be transparent.)
 */
describe('Anthropic ingress ∘ Anthropic provider', () => {
  it('a request survives parse → convert', () => {
    const body = {
      model: 'claude-sonnet-4-6',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'You are terse.' }],
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ['\n\nHuman:'],
      metadata: { user_id: 'user-7' },
      tools: [{ name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stream: true,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this photo was taken?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'rain' }], is_error: true },
            { type: 'text', text: 'Thanks!' },
          ],
        },
      ],
    };
    const parsed = parseAnthropicMessagesRequest(body);
    expect(parsed.warnings).toEqual([]);
    const converted = convertToAnthropicMessages(parsed.value, 'claude-sonnet-4-6');
    expect(converted.warnings).toEqual([]);
    expect(converted.value.body).toEqual(body);
  });

  it('a result survives encode → convert back', () => {
    const result: ChatResult = {
      id: 'msg_up',
      content: [{ type: 'text', text: 'Sure.' }, { type: 'tool-call', id: 'toolu_9', name: 'lookup', arguments: '{"q":"x"}' }],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: { inputTokens: 40, outputTokens: 7, cachedInputTokens: 30 },
      reportedModel: { kind: 'reported', name: 'claude-sonnet-4-6' },
    };
    const context = { id: 'r1', created: 0, model: 'claude-sonnet-4-6', includeUsage: true };
    expect(convertFromAnthropicResponse(encodeAnthropicMessagesResponse(result, context))).toEqual({ ...result, id: 'msg_r1' });
  });

  it('a stream survives encode → SSE → transform', async () => {
    const usage = { inputTokens: 40, outputTokens: 7, cachedInputTokens: 30, cacheCreationInputTokens: 4 };
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'msg_r2', reportedModel: { kind: 'reported', name: 'claude-sonnet-4-6' } },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'Sure.' },
      { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'toolu_9', name: 'lookup' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"q":' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"x"}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'usage', usage },
      { type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage },
    ];
    const context = { id: 'msg_r2', created: 0, model: 'claude-sonnet-4-6', includeUsage: true };
    const sse = encodeAnthropicMessagesStream((async function* () { yield* events; })(), context);
    const decoded: StreamEvent[] = [];
    for await (const event of transformAnthropicStream(parseServerSentEvents(sse))) decoded.push(event);
    expect(decoded).toEqual(events);
  });
});
