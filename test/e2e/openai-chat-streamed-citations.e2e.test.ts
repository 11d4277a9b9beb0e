/**
 * An OpenAI Chat search model's streamed `delta.annotations` (url_citation, offsets into the whole
 * content, sent after the text they cite) reach a client of another format: a Responses client gets
 * them as `url_citation` annotations over the same spans as the non-streamed answer; an Anthropic
 * client gets the text whole (an OpenAI url citation has no Anthropic form, as when not streamed).
 */
import Anthropic from '@anthropic-ai/sdk';
import { beforeEach, describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const text = 'Herons eat fish. Egrets eat frogs.';
const heron = { url: 'https://birds.example.org/heron', title: 'Grey heron — diet' };
const egret = { url: 'https://birds.example.org/egret', title: 'Little egret' };

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
store: { kind: memory }
providers:
  openai: { type: openai, base_url: "${upstreamUrl}/v1", api_key: upstream-openai-key, api: chat }
models:
  search: { provider: openai, model: gpt-4o-search-preview }
`,
);
beforeEach(() => {
  harness.upstream.setBehavior({
    kind: 'ok',
    text,
    chunks: ['Herons eat ', 'fish. Egrets ', 'eat frogs.'],
    urlCitations: [
      { start: 0, end: 16, ...heron },
      { start: 17, end: 34, ...egret },
      // Outside the text: left out, as when not streamed.
      { start: 30, end: 99, url: 'https://birds.example.org/bogus', title: 'bogus' },
    ],
  });
});

const expectedAnnotations = [
  { type: 'url_citation', start_index: 0, end_index: 16, ...heron },
  { type: 'url_citation', start_index: 17, end_index: 34, ...egret },
];

describe('OpenAI Chat upstream streaming url_citation annotations → other client formats', () => {
  it('a streamed Responses answer carries the citations over their spans, the same as the non-streamed answer', async () => {
    const stream = harness.gateway.openai.responses.stream({ model: 'search', input: 'What do herons and egrets eat?' });
    const added: unknown[] = [];
    let deltas = '';
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas += event.delta;
      if (event.type === 'response.output_text.annotation.added') added.push(event.annotation);
    }
    const final = await stream.finalResponse();
    expect(deltas).toBe(text);
    expect(final.output_text).toBe(text);
    expect(added).toEqual(expectedAnnotations);
    const parts = final.output.flatMap((item) => (item.type === 'message' ? item.content : []));
    expect(parts.flatMap((part) => (part.type === 'output_text' ? part.annotations : []))).toEqual(expectedAnnotations);
    // The upstream really streamed (the annotations came as a delta chunk, not on a message).
    expect(harness.upstream.requests.at(-1)!.stream).toBe(true);

    const whole = await harness.gateway.openai.responses.create({ model: 'search', input: 'What do herons and egrets eat?' });
    expect(whole.output_text).toBe(text);
    const wholeParts = whole.output.flatMap((item) => (item.type === 'message' ? item.content : []));
    expect(wholeParts.flatMap((part) => (part.type === 'output_text' ? part.annotations : []))).toEqual(expectedAnnotations);
  });

  it('a streamed Anthropic answer keeps the text whole and sends no foreign citation', async () => {
    const anthropic = new Anthropic({ baseURL: harness.gateway.url, apiKey: 'client-key', maxRetries: 0 });
    const stream = anthropic.messages.stream({ model: 'search', max_tokens: 200, messages: [{ role: 'user', content: 'What do herons and egrets eat?' }] });
    const deltaTypes = new Set<string>();
    for await (const event of stream) if (event.type === 'content_block_delta') deltaTypes.add(event.delta.type);
    const message = await stream.finalMessage();
    expect(message.content.map((block) => (block.type === 'text' ? block.text : '')).join('')).toBe(text);
    expect([...deltaTypes]).toEqual(['text_delta']);
  });
});
