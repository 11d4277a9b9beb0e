import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.ts';
import { encodeOpenAIChatStream } from './encode-openai-chat-stream.ts';

const context = { id: 'r1', created: 1, model: 'm', includeUsage: false };

describe('OpenAI chat encoders, translated answers', () => {
  it('answers reasoning as reasoning_content and a refusal as refusal', () => {
    const result: ChatResult = {
      id: undefined,
      content: [{ type: 'reasoning', text: 'thought', family: 'anthropic', signature: 'sig' }, { type: 'refusal', text: 'No.' }],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: undefined,
      reportedModel: undefined,
    };
    const message = (encodeOpenAIChatResponse(result, context).choices as Array<{ message: Record<string, unknown> }>)[0]!.message;
    expect(message).toEqual({ role: 'assistant', content: null, refusal: 'No.', reasoning_content: 'thought' });
  });

  it('streams reasoning deltas as reasoning_content and refusal deltas as refusal', async () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: undefined, reportedModel: undefined },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, delta: 'hmm' },
      { type: 'reasoning-signature', index: 0, signature: 'sig' },
      { type: 'reasoning-end', index: 0 },
      { type: 'refusal-delta', index: 1, delta: 'No.' },
      { type: 'response-end', finishReason: { unified: 'stop', raw: 'stop' }, usage: undefined },
    ];
    const frames: string[] = [];
    for await (const frame of encodeOpenAIChatStream((async function* () { yield* events; })(), context)) frames.push(frame);
    const deltas = frames.filter((frame) => frame.startsWith('data: {')).map((frame) => (JSON.parse(frame.slice(6)) as { choices: Array<{ delta: unknown }> }).choices[0]?.delta);
    expect(deltas).toEqual([{ role: 'assistant', content: '' }, { reasoning_content: 'hmm' }, { refusal: 'No.' }, {}]);
  });
});
