import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.ts';
import { encodeOpenAIChatStream } from './encode-openai-chat-stream.ts';

const context = { id: 'r1', created: 1, model: 'm', includeUsage: false };

describe('OpenAI chat encoders, translated answers', () => {
  it("a web page the text cites is a url_citation annotation over exactly that text; a document citation has none", () => {
    const result: ChatResult = {
      id: undefined,
      content: [
        { type: 'text', text: 'Per the forecast: ' },
        { type: 'text', text: 'sunny, 72°F', citations: [{ family: 'anthropic', url: 'https://forecast.example/nyc', title: 'NYC forecast', value: { type: 'web_search_result_location' } }] },
        { type: 'text', text: ' (see the brief)', citations: [{ family: 'anthropic', title: 'brief.pdf', citedText: 'x', value: { type: 'page_location' } }] },
      ],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: undefined,
      reportedModel: undefined,
    };
    const message = (encodeOpenAIChatResponse(result, context).choices as Array<{ message: { content: string; annotations?: unknown } }>)[0]!.message;
    expect(message.annotations).toEqual([{ type: 'url_citation', url_citation: { start_index: 18, end_index: 29, url: 'https://forecast.example/nyc', title: 'NYC forecast' } }]);
    expect(message.content.slice(18, 29)).toBe('sunny, 72°F');
  });

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

  it('a citation of a span of a text block (streamed from an OpenAI Chat search model) is annotated over that span, offset by the text before the block', async () => {
    const cited = { family: 'openai', url: 'https://birds.example.org/egret', title: 'Little egret', value: {} };
    const events: StreamEvent[] = [
      { type: 'response-start', id: undefined, reportedModel: undefined },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, delta: 'Intro. ' },
      { type: 'text-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, delta: 'Herons eat fish. Egrets eat frogs.' },
      { type: 'text-citation', index: 1, citation: cited, span: { start: 17, end: 34 } },
      { type: 'text-end', index: 1 },
      { type: 'response-end', finishReason: { unified: 'stop', raw: 'stop' }, usage: undefined },
    ];
    const frames: string[] = [];
    for await (const frame of encodeOpenAIChatStream((async function* () { yield* events; })(), context)) frames.push(frame);
    const deltas = frames.filter((frame) => frame.startsWith('data: {')).map((frame) => (JSON.parse(frame.slice(6)) as { choices: Array<{ delta: { annotations?: unknown } }> }).choices[0]?.delta);
    const annotations = deltas.flatMap((delta) => (delta?.annotations as unknown[] | undefined) ?? []);
    expect(annotations).toEqual([{ type: 'url_citation', url_citation: { start_index: 24, end_index: 41, url: 'https://birds.example.org/egret', title: 'Little egret' } }]);
    expect('Intro. Herons eat fish. Egrets eat frogs.'.slice(24, 41)).toBe('Egrets eat frogs.');
  });
});
