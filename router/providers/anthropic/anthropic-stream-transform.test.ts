import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { foldStreamEvents } from '../../../test/conformance/fold-stream-events.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { transformAnthropicStream } from './anthropic-stream-transform.ts';
import { convertFromAnthropicResponse } from './convert-from-anthropic-response.ts';
import { JSON_RESPONSE_TOOL_NAME } from './plan-anthropic-json-output.ts';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);

/** A fixture's events as SSE bytes, cut at odd places, so the one SSE parser is part of the test. */
async function* sseBody(name: string): AsyncGenerator<Uint8Array> {
  const lines = readFileSync(fixture(`${name}.chunks.txt`), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const text = lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('');
  const bytes = new TextEncoder().encode(text);
  for (let start = 0; start < bytes.length; start += 37) yield bytes.slice(start, start + 37);
}

function transform(name: string, jsonToolName?: string): AsyncGenerator<StreamEvent> {
  return transformAnthropicStream(parseServerSentEvents(sseBody(name)), jsonToolName === undefined ? {} : { jsonToolName });
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

/** What a client accumulating the stream ends up with. */
function fold(events: StreamEvent[]): ChatResult {
  const result: ChatResult = { id: undefined, content: [], finishReason: { unified: 'other', raw: undefined }, usage: undefined, reportedModel: undefined };
  const blocks = new Map<number, ChatResult['content'][number]>();
  for (const event of events) {
    if (event.type === 'response-start') Object.assign(result, { id: event.id, reportedModel: event.reportedModel });
    else if (event.type === 'text-start') blocks.set(event.index, { type: 'text', text: '' });
    else if (event.type === 'tool-call-start') blocks.set(event.index, { type: 'tool-call', id: event.id, name: event.name, arguments: '' });
    else if (event.type === 'text-delta') (blocks.get(event.index) as { text: string }).text += event.delta;
    else if (event.type === 'tool-call-delta') (blocks.get(event.index) as { arguments: string }).arguments += event.argumentsDelta;
    else if (event.type === 'response-end') Object.assign(result, { finishReason: event.finishReason, usage: event.usage });
  }
  result.content = [...blocks.entries()].sort(([left], [right]) => left - right).map(([, block]) => block);
  return result;
}

const response = (name: string): unknown => JSON.parse(readFileSync(fixture(`${name}.response.json`), 'utf8'));

describe('transformAnthropicStream, golden fixtures', () => {
  it('text: events and usage (cache reads counted in the prompt)', async () => {
    const usage = { inputTokens: 35, outputTokens: 15, cachedInputTokens: 10 };
    expect(await collect(transform('text'))).toEqual([
      { type: 'response-start', id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', reportedModel: { kind: 'reported', name: 'claude-sonnet-4-6' } },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'Hello' },
      { type: 'text-delta', index: 0, delta: '!' },
      { type: 'text-end', index: 0 },
      { type: 'usage', usage },
      { type: 'response-end', finishReason: { unified: 'stop', raw: 'end_turn' }, usage },
    ]);
  });

  it('tool use: text block, then input_json_delta pieces', async () => {
    const events = await collect(transform('tool-use'));
    expect(events.map((event) => event.type)).toEqual([
      'response-start',
      'text-start', 'text-delta', 'text-delta', 'text-delta', 'text-end',
      'tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-delta', 'tool-call-end',
      'usage', 'response-end',
    ]);
    expect(events[6]).toEqual({ type: 'tool-call-start', index: 1, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' });
    expect(events.at(-1)).toEqual({ type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: { inputTokens: 472, outputTokens: 89 } });
  });

  it('the forced JSON tool streams as text and finishes as stop', async () => {
    const events = await collect(transform('json-tool', JSON_RESPONSE_TOOL_NAME));
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([]);
    expect(fold(events).content).toEqual([{ type: 'text', text: '{"city":"Paris","population":2102650}' }]);
    expect(fold(events).finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
  });

  it.each(['text', 'tool-use'])('folding the %s stream gives the non-streaming result', async (name) => {
    expect(fold(await collect(transform(name)))).toEqual(convertFromAnthropicResponse(response(name)));
  });

  it('folding the json-tool stream gives the non-streaming result', async () => {
    expect(fold(await collect(transform('json-tool', JSON_RESPONSE_TOOL_NAME)))).toEqual(convertFromAnthropicResponse(response('json-tool'), JSON_RESPONSE_TOOL_NAME));
  });
});

describe('transformAnthropicStream, failures', () => {
  async function failure(events: AsyncIterable<StreamEvent>): Promise<{ seen: StreamEvent[]; error: unknown }> {
    const seen: StreamEvent[] = [];
    try {
      for await (const event of events) seen.push(event);
    } catch (error) {
      return { seen, error };
    }
    return { seen, error: undefined };
  }

  it('an error event mid-stream is a retryable stream-cut after the output so far', async () => {
    const { seen, error } = await failure(transform('overloaded-mid-stream'));
    expect(seen.map((event) => event.type)).toEqual(['response-start', 'text-start', 'text-delta']);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: 'stream-cut', isRetryable: true });
    expect((error as UpstreamError).reason).toContain('overloaded_error');
  });

  it('a stream that ends before message_stop is a stream-cut', async () => {
    const { seen, error } = await failure(transform('cut-before-stop'));
    expect(seen).toHaveLength(3);
    expect(error).toMatchObject({ kind: 'stream-cut' });
  });

  it('an error before anything else throws from the first next(), so the executor can fail over', async () => {
    const messages = [{ data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }];
    const iterator = transformAnthropicStream((async function* () { yield* messages; })())[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'stream-cut' });
  });

  it('a frame that is not JSON is a protocol error', async () => {
    const iterator = transformAnthropicStream((async function* () { yield { data: '{"type":"message_st' }; })())[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('skips thinking blocks and unknown events', async () => {
    const lines = [
      { type: 'message_start', message: { id: 'msg_1', model: 'm', usage: { input_tokens: 1, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'some_future_event' },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'hi' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ].map((line) => ({ data: JSON.stringify(line) }));
    const events = await collect(transformAnthropicStream((async function* () { yield* lines; })()));
    expect(fold(events).content).toEqual([{ type: 'text', text: 'hi' }]);
  });
});

describe('thinking, redacted thinking and server tool blocks', () => {
  const response = JSON.parse(readFileSync(fixture('thinking-server-tool.response.json'), 'utf8')) as unknown;

  it('streams reasoning events with the signature and a provider part with its whole input', async () => {
    const events = await collect(transform('thinking-server-tool'));
    expect(events.filter((event) => event.type !== 'usage' && event.type !== 'response-start' && event.type !== 'response-end')).toEqual([
      { type: 'reasoning-start', index: 0, family: 'anthropic' },
      { type: 'reasoning-delta', index: 0, delta: 'The user wants ' },
      { type: 'reasoning-delta', index: 0, delta: 'a search.' },
      { type: 'reasoning-signature', index: 0, signature: 'EqQBCkYIBxgCKkB' },
      { type: 'reasoning-end', index: 0 },
      { type: 'reasoning-start', index: 1, family: 'anthropic' },
      { type: 'reasoning-signature', index: 1, redacted: 'EmwKAhgBEgy' },
      { type: 'reasoning-end', index: 1 },
      { type: 'provider-part', index: 2, part: { family: 'anthropic', kind: 'server_tool_use', value: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'herons' } } } },
      { type: 'text-start', index: 3 },
      { type: 'text-delta', index: 3, delta: 'Herons fish.' },
      { type: 'text-end', index: 3 },
    ]);
  });

  it('converts the same answer, non-streamed, to signed reasoning parts and a provider part', () => {
    expect(convertFromAnthropicResponse(response).content).toEqual([
      { type: 'reasoning', text: 'The user wants a search.', family: 'anthropic', signature: 'EqQBCkYIBxgCKkB' },
      { type: 'reasoning', text: '', family: 'anthropic', redacted: 'EmwKAhgBEgy' },
      { type: 'provider', family: 'anthropic', kind: 'server_tool_use', value: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'herons' } } },
      { type: 'text', text: 'Herons fish.' },
    ]);
  });
});

describe('web search blocks and citations', () => {
  it('citations_delta is a text-citation event on its block; folding the stream gives the non-streaming result, citations and search blocks included', async () => {
    const events = await collect(transform('web-search-citations'));
    expect(events.filter((event) => event.type === 'text-citation')).toEqual([
      {
        type: 'text-citation',
        index: 3,
        citation: {
          family: 'anthropic',
          url: 'https://forecast.example/new-york',
          title: 'New York, NY 10-Day Forecast',
          citedText: 'Today in New York: partly cloudy, high of 72°F.',
          value: {
            type: 'web_search_result_location',
            cited_text: 'Today in New York: partly cloudy, high of 72°F.',
            url: 'https://forecast.example/new-york',
            title: 'New York, NY 10-Day Forecast',
            encrypted_index: 'EpMBCioIAxgCIiQ3NmU4',
          },
        },
      },
    ]);
    const whole = convertFromAnthropicResponse(response('web-search-citations'));
    expect(whole.content.map((part) => (part.type === 'provider' ? part.kind : part.type))).toEqual(['server_tool_use', 'web_search_tool_result', 'text', 'text', 'server_tool_use', 'web_search_tool_result']);
    expect(foldStreamEvents(events)).toEqual(whole);
  });
});
