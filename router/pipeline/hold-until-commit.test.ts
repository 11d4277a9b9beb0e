import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../core/stream-event.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { holdUntilCommit } from './hold-until-commit.ts';
import { isContentEvent } from './is-content-event.ts';

type Script = { events: StreamEvent[]; failAfter?: number; closed: { value: boolean } };

function scripted(events: StreamEvent[], failAfter?: number): Script & { stream: AsyncIterable<StreamEvent> } {
  const closed = { value: false };
  async function* generate() {
    try {
      for (const [position, event] of events.entries()) {
        if (position === failAfter) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended early' });
        yield event;
      }
    } finally {
      closed.value = true;
    }
  }
  return { events, closed, stream: generate(), ...(failAfter === undefined ? {} : { failAfter }) };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const start: StreamEvent = { type: 'response-start', id: 'r1', reportedModel: undefined };
const textStart: StreamEvent = { type: 'text-start', index: 0 };
const empty: StreamEvent = { type: 'text-delta', index: 0, delta: '' };
const hello: StreamEvent = { type: 'text-delta', index: 0, delta: 'hello' };
const end: StreamEvent = { type: 'response-end', finishReason: { unified: 'stop', raw: 'stop' }, usage: undefined };

describe('holdUntilCommit with isContentEvent', () => {
  it('throws a failure that comes before the first content, so the executor can fail over', async () => {
    const script = scripted([start, textStart, empty, hello], 3);
    await expect(holdUntilCommit(script.stream, isContentEvent)).rejects.toMatchObject({ kind: 'stream-cut' });
  });

  it('replays the held preamble, then the rest, once content has arrived', async () => {
    const script = scripted([start, textStart, empty, hello, end]);
    const committed = await holdUntilCommit(script.stream, isContentEvent);
    expect(await collect(committed)).toEqual([start, textStart, empty, hello, end]);
  });

  it('after the commit point a failure reaches the consumer (the client gets an error event)', async () => {
    const script = scripted([start, hello, end], 2);
    const committed = await holdUntilCommit(script.stream, isContentEvent);
    await expect(collect(committed)).rejects.toMatchObject({ kind: 'stream-cut' });
  });

  it('a complete answer without any text commits at its end', async () => {
    const script = scripted([start, end]);
    expect(await collect(await holdUntilCommit(script.stream, isContentEvent))).toEqual([start, end]);
  });

  it('an empty stream is a protocol error', async () => {
    await expect(holdUntilCommit(scripted([]).stream, isContentEvent)).rejects.toMatchObject({ kind: 'protocol', reason: 'upstream stream was empty' });
  });

  it('closes the upstream stream when the consumer stops early', async () => {
    const script = scripted([start, hello, hello, end]);
    for await (const event of await holdUntilCommit(script.stream, isContentEvent)) if (event === hello) break;
    expect(script.closed.value).toBe(true);
  });

  it('counts tool calls, reasoning, refusals and provider parts as content; starts, empty deltas and usage as preamble', () => {
    const content: StreamEvent[] = [
      { type: 'tool-call-start', index: 0, id: 'c', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{' },
      { type: 'reasoning-delta', index: 0, delta: 'think' },
      { type: 'reasoning-signature', index: 0, signature: 's' },
      { type: 'refusal-delta', index: 0, delta: 'no' },
      { type: 'provider-part', index: 0, part: { family: 'anthropic', kind: 'server_tool_use', value: {} } },
      hello,
      end,
    ];
    const preamble: StreamEvent[] = [start, textStart, empty, { type: 'reasoning-start', index: 0 }, { type: 'reasoning-delta', index: 0, delta: '' }, { type: 'usage', usage: { inputTokens: 1, outputTokens: 0 } }];
    expect(content.filter(isContentEvent)).toEqual(content);
    expect(preamble.filter(isContentEvent)).toEqual([]);
  });
});
