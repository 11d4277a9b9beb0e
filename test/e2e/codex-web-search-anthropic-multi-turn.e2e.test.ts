/**
 * A Codex (Responses) conversation whose history holds the web_search_call items the gateway made
 * from an Anthropic search reaches Anthropic on the next turn without refusal: the fake Anthropic
 * runs in strict-history mode (it refuses unknown block types and search results it never issued,
 * as the real API does), and the search goes back as a text note of its query and sources, so the
 * model still knows what it searched. Codex sends items back in its own shape (no annotations, no
 * sources); the official SDK's whole output is accepted too.
 */
import type OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { heronSearchAnswer, sonnetOnFakeAnthropicConfig } from '../support/anthropic-heron-search.ts';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(sonnetOnFakeAnthropicConfig, { strictHistory: true });
beforeEach(() => {
  harness.upstream.enqueue(heronSearchAnswer);
  harness.upstream.enqueue({ kind: 'ok', text: 'Storks eat frogs too.' });
});

const tools = [{ type: 'web_search' as const }];
type AnthropicBody = { messages: Array<{ role: string; content: Array<{ type: string; text?: string }> }> };

/** The items as Codex keeps and resends them: web_search_call with its query only, output_text without annotations. */
function asCodexSendsThem(output: OpenAI.Responses.ResponseOutputItem[]): OpenAI.Responses.ResponseInputItem[] {
  return output.map((item) => {
    if (item.type === 'web_search_call') return { type: 'web_search_call', id: item.id, status: item.status, action: { type: 'search', query: (item.action as { query: string }).query } } as OpenAI.Responses.ResponseInputItem;
    if (item.type === 'message') return { type: 'message', role: 'assistant', content: item.content.map((part) => ({ type: 'output_text', text: (part as { text: string }).text })) } as OpenAI.Responses.ResponseInputItem;
    return item as OpenAI.Responses.ResponseInputItem;
  });
}

describe('Codex web search over two turns on Anthropic', () => {
  it('streamed first turn, Codex-shaped history on the second: no refusal, the search kept as a note before the answer it led to', async () => {
    const stream = harness.openai.responses.stream({ model: 'sonnet', tools, input: 'What do herons eat?' });
    for await (const event of stream) void event;
    const first = await stream.finalResponse();
    expect(first.output[0]).toMatchObject({ type: 'web_search_call', id: expect.stringMatching(/^ws_srvtoolu_/) });

    const { data: second, response } = await harness.openai.responses
      .create({ model: 'sonnet', tools, input: [{ role: 'user', content: 'What do herons eat?' }, ...asCodexSendsThem(first.output), { role: 'user', content: 'And storks?' }] })
      .withResponse();
    expect(response.status).toBe(200);
    expect(second.output_text).toBe('Storks eat frogs too.');
    expect(harness.upstream.requests).toHaveLength(2);
    const body = harness.upstream.requests[1]!.body as AnthropicBody;
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[1]!.content).toEqual([
      { type: 'text', text: '[web search: "what do herons eat"]' },
      { type: 'text', text: 'From the search: ' },
      { type: 'text', text: 'Herons mostly eat fish.' },
    ]);
    expect(response.headers.get('x-switchyard-warnings')).toContain('a web search from an earlier turn cannot be replayed to Anthropic as a search');
  });

  it("the SDK's whole output as history (sources included): the note names the pages found", async () => {
    const first = await harness.openai.responses.create({ model: 'sonnet', tools, input: 'What do herons eat?' });
    const second = await harness.openai.responses.create({ model: 'sonnet', tools, input: [{ role: 'user', content: 'What do herons eat?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'And storks?' }] });
    expect(second.output_text).toBe('Storks eat frogs too.');
    const assistant = (harness.upstream.requests[1]!.body as AnthropicBody).messages[1]!;
    expect(assistant.content[0]).toEqual({ type: 'text', text: '[web search: "what do herons eat" — sources: https://birds.example.org/heron]' });
    expect(assistant.content.map((block) => block.type)).toEqual(['text', 'text']);
  });
});
