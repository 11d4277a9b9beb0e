import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/stream-event.ts';
import { encodeAnthropicMessagesStream } from './encode-anthropic-messages-stream.ts';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.ts';

const context = { id: 'abc', created: 1_700_000_000, model: 'gpt-5.4', includeUsage: true };

async function frames(events: StreamEvent[]): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const output: Array<{ event: string; data: Record<string, unknown> }> = [];
  async function* source() {
    yield* events;
  }
  for await (const frame of encodeAnthropicMessagesStream(source(), context)) {
    const [eventLine, dataLine, ...rest] = frame.split('\n');
    expect(rest).toEqual(['', '']);
    output.push({ event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown> });
  }
  return output;
}

describe('encodeAnthropicMessagesStream', () => {
  it('emits the full event sequence with gap-free block indices and usage at the end', async () => {
    const usage = { inputTokens: 50, outputTokens: 9, cachedInputTokens: 20 };
    const encoded = await frames([
      { type: 'response-start', id: 'up-1', reportedModel: undefined },
      { type: 'text-start', index: 3 },
      { type: 'text-delta', index: 3, delta: 'Checking.' },
      { type: 'text-end', index: 3 },
      { type: 'tool-call-start', index: 7, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 7, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 7, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-end', index: 7 },
      { type: 'usage', usage },
      { type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
    ]);
    expect(encoded.map((frame) => frame.event)).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    for (const frame of encoded) expect(frame.data.type).toBe(frame.event);
    expect(encoded[0]!.data).toEqual({
      type: 'message_start',
      message: { id: 'msg_abc', type: 'message', role: 'assistant', model: 'gpt-5.4', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
    });
    expect(encoded[2]!.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(encoded[3]!.data).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } });
    expect(encoded[5]!.data).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} } });
    expect(encoded[6]!.data).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } });
    expect(encoded[9]!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 20, output_tokens: 9 },
    });
  });

  it('closes blocks the upstream left open before message_delta', async () => {
    const encoded = await frames([
      { type: 'response-start', id: undefined, reportedModel: undefined },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'Hi' },
      { type: 'response-end', finishReason: { unified: 'length', raw: 'length' }, usage: undefined },
    ]);
    expect(encoded.slice(-3).map((frame) => frame.event)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(encoded.at(-2)!.data).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
  });
});

describe('encodeAnthropicMessagesStream: reasoning', () => {
  const end = { type: 'response-end' as const, finishReason: { unified: 'stop' as const, raw: 'end_turn' }, usage: undefined };

  it('keeps Anthropic thinking with its signature and redacted thinking as it came', async () => {
    const encoded = await frames([
      { type: 'response-start', id: 'up', reportedModel: undefined },
      { type: 'reasoning-start', index: 0, family: 'anthropic' },
      { type: 'reasoning-delta', index: 0, delta: 'hmm' },
      { type: 'reasoning-signature', index: 0, signature: 'sig-a' },
      { type: 'reasoning-end', index: 0 },
      { type: 'reasoning-start', index: 1, family: 'anthropic' },
      { type: 'reasoning-signature', index: 1, redacted: 'opaque' },
      { type: 'reasoning-end', index: 1 },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'A' },
      { type: 'text-end', index: 0 },
      end,
    ]);
    expect(encoded.filter((frame) => frame.event.startsWith('content_block')).map((frame) => frame.data)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig-a' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'opaque' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'A' } },
      { type: 'content_block_stop', index: 2 },
    ]);
  });

  it('signs another family\'s reasoning so the next turn restores it, and the parser reads it back', async () => {
    const encoded = await frames([
      { type: 'response-start', id: 'up', reportedModel: undefined },
      { type: 'reasoning-start', index: 0, family: 'openai', id: 'rs_1' },
      { type: 'reasoning-delta', index: 0, delta: 'o-think' },
      { type: 'reasoning-signature', index: 0, encrypted: 'enc-1' },
      { type: 'reasoning-end', index: 0 },
      end,
    ]);
    const signature = encoded.find((frame) => (frame.data.delta as { type?: string } | undefined)?.type === 'signature_delta')?.data.delta as { signature: string };
    expect(signature.signature).toMatch(/^switchyard\.v1\./);
    const parsed = parseAnthropicMessagesRequest({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'o-think', signature: signature.signature }] }],
    });
    expect(parsed.value.messages[0]!.content).toEqual([{ type: 'reasoning', text: 'o-think', family: 'openai', encrypted: 'enc-1', id: 'rs_1' }]);
  });
});
