import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/stream-event.ts';
import { convertFromAnthropicResponse } from '../../providers/anthropic/convert-from-anthropic-response.ts';
import { transformAnthropicStream } from '../../providers/anthropic/anthropic-stream-transform.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { encodeOpenAIResponsesResponse } from './encode-openai-responses-response.ts';
import { encodeOpenAIResponsesStream } from './encode-openai-responses-stream.ts';

/** Anthropic's web search fixture (router/providers/anthropic/__fixtures__) as a Responses client sees it. */
const fixture = (name: string) => new URL(`../../providers/anthropic/__fixtures__/${name}`, import.meta.url);
const context: EncodeContext = { id: 'req1', created: 1_700_000_000, model: 'claude-sonnet-4-6', includeUsage: false };

async function* anthropicEvents(): AsyncGenerator<{ data: string }> {
  for (const line of readFileSync(fixture('web-search-citations.chunks.txt'), 'utf8').split('\n')) if (line.trim() !== '') yield { data: line };
}

type Frame = { type: string } & Record<string, unknown>;
async function streamFrames(events: AsyncIterable<StreamEvent>): Promise<Frame[]> {
  let text = '';
  for await (const frame of encodeOpenAIResponsesStream(events, context).frames) text += frame;
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => JSON.parse(block.split('\n')[1]!.slice('data: '.length)) as Frame);
}

const found = {
  type: 'web_search_call',
  id: 'ws_srvtoolu_014hJH82Qum7Td6UV8gDXThB',
  status: 'completed',
  action: { type: 'search', query: 'weather NYC today', sources: [{ type: 'url', url: 'https://www.weather.example/nyc/may-2025' }, { type: 'url', url: 'https://forecast.example/new-york' }] },
};
const failed = { type: 'web_search_call', id: 'ws_srvtoolu_02failedsearch', status: 'failed', action: { type: 'search', query: 'NYC hourly forecast' } };
const citation = { type: 'url_citation', url: 'https://forecast.example/new-york', title: 'New York, NY 10-Day Forecast' };

describe('Anthropic web search for a Responses client', () => {
  it('whole answer: a web_search_call per search (failed for an error result); the cited text run gets a url_citation at its offsets', () => {
    const result = convertFromAnthropicResponse(JSON.parse(readFileSync(fixture('web-search-citations.response.json'), 'utf8')));
    const { output } = encodeOpenAIResponsesResponse(result, context) as { output: Array<Record<string, unknown>> };
    expect(output.map((item) => item.type)).toEqual(['web_search_call', 'message', 'web_search_call']);
    expect(output[0]).toEqual(found);
    expect(output[2]).toEqual(failed);
    const text = (output[1]!.content as Array<{ text: string; annotations: unknown[] }>)[0]!;
    expect(text.text).toBe("Here's the current weather: partly cloudy with a high of 72°F");
    expect(text.annotations).toEqual([{ ...citation, start_index: 28, end_index: 61 }]);
    expect(text.text.slice(28, 61)).toBe('partly cloudy with a high of 72°F');
  });

  it('stream: web_search_call events and items, the annotation event on the cited block, and the final response agrees', async () => {
    const frames = await streamFrames(transformAnthropicStream(anthropicEvents()));
    const search = frames.filter((frame) => frame.type.startsWith('response.web_search_call.'));
    expect(search.map((frame) => [frame.type, frame.item_id])).toEqual([
      ['response.web_search_call.in_progress', found.id],
      ['response.web_search_call.searching', found.id],
      ['response.web_search_call.completed', found.id],
      ['response.web_search_call.in_progress', failed.id],
      ['response.web_search_call.searching', failed.id],
    ]);
    const done = frames.filter((frame) => frame.type === 'response.output_item.done').map((frame) => frame.item as Record<string, unknown>);
    expect(done.filter((item) => item.type === 'web_search_call')).toEqual([found, failed]);
    expect(frames.filter((frame) => frame.type === 'response.output_text.annotation.added').map((frame) => frame.annotation)).toEqual([{ ...citation, start_index: 0, end_index: 33 }]);
    const completed = frames.at(-1)!;
    expect(completed.type).toBe('response.completed');
    const output = (completed.response as { output: Array<Record<string, unknown>> }).output;
    expect(output.map((item) => item.type)).toEqual(['web_search_call', 'message', 'message', 'web_search_call']);
    expect((output[2]!.content as Array<{ annotations: unknown[] }>)[0]!.annotations).toEqual([{ ...citation, start_index: 0, end_index: 33 }]);
  });
});
