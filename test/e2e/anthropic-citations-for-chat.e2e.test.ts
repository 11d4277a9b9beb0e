/**
 * Anthropic's web-page citations for a Chat Completions client: `url_citation` annotations over
 * exactly the cited text — on the message when not streamed, and as `delta.annotations` chunks when
 * streamed (the form OpenAI's search models stream), with offsets into the joined content.
 */
import type OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { heronSearchAnswer, sonnetOnFakeAnthropicConfig } from '../support/anthropic-heron-search.ts';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(sonnetOnFakeAnthropicConfig);
beforeEach(() => harness.upstream.setBehavior(heronSearchAnswer));

const request = { model: 'sonnet', messages: [{ role: 'user' as const, content: 'What do herons eat?' }] };
const annotation = { type: 'url_citation', url_citation: { start_index: 17, end_index: 40, url: 'https://birds.example.org/heron', title: 'Grey heron — diet' } };

describe('Anthropic citations → Chat Completions url_citation annotations', () => {
  it('non-streaming: message.annotations over exactly the cited text', async () => {
    const completion = await harness.openai.chat.completions.create(request);
    const message = completion.choices[0]!.message;
    expect(message.content).toBe('From the search: Herons mostly eat fish.');
    expect(message.annotations).toEqual([annotation]);
  });

  it('streaming: a delta.annotations chunk after the cited text, with the same offsets as the non-streamed answer', async () => {
    const stream = await harness.openai.chat.completions.create({ ...request, stream: true });
    let content = '';
    const annotations: unknown[] = [];
    let annotationsAfter = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta & { annotations?: unknown[] }) | undefined;
      content += delta?.content ?? '';
      if (delta?.annotations !== undefined) {
        annotations.push(...delta.annotations);
        annotationsAfter = content;
      }
    }
    expect(content).toBe('From the search: Herons mostly eat fish.');
    expect(annotations).toEqual([annotation]);
    // Sent once the cited block's span is whole: the text it covers had already streamed.
    expect(annotationsAfter.slice(17, 40)).toBe('Herons mostly eat fish.');
  });
});
