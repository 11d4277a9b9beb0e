/**
 * Anthropic's server web search, for a Responses (Codex-format) client: the `server_tool_use` and
 * `web_search_tool_result` blocks become one `web_search_call` output item (query, sources,
 * status), and the answer's web-page citations become `url_citation` annotations over the text they
 * cite — non-streaming and streaming (with the web_search_call and annotation events) — instead of
 * being dropped.
 */
import type OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
store: { kind: memory }
providers:
  claude: { type: anthropic, base_url: "${upstreamUrl}", api_key: upstream-anthropic-key }
  oa: { type: openai, base_url: "${upstreamUrl}/v1", api_key: upstream-openai-key, api: responses }
models:
  sonnet: { provider: claude, model: claude-sonnet-4-6 }
  gpt: { provider: oa, model: gpt-5.4 }
`,
);
beforeEach(() => {
  harness.upstream.setBehavior({
    kind: 'ok',
    text: 'Herons mostly eat fish.',
    webSearch: {
      query: 'what do herons eat',
      results: [
        { url: 'https://birds.example.org/heron', title: 'Grey heron — diet' },
        { url: 'https://wading.example.org/', title: 'Wading birds' },
      ],
      citedText: 'The grey heron feeds mainly on fish.',
    },
  });
});

const request = { model: 'sonnet', tools: [{ type: 'web_search' as const }], input: 'What do herons eat?' };
const search = {
  type: 'web_search_call',
  status: 'completed',
  action: { type: 'search', query: 'what do herons eat', sources: [{ type: 'url', url: 'https://birds.example.org/heron' }, { type: 'url', url: 'https://wading.example.org/' }] },
};
const citation = { type: 'url_citation', url: 'https://birds.example.org/heron', title: 'Grey heron — diet' };

describe('Anthropic web search → Responses web_search_call and url_citation', () => {
  it('non-streaming: one web_search_call item, then the message whose cited text carries a url_citation over exactly that text', async () => {
    const response = await harness.openai.responses.create(request);
    expect(JSON.stringify(harness.upstream.requests[0]!.body)).toContain('web_search_20250305');
    expect(response.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    expect(response.output[0]).toMatchObject({ ...search, id: expect.stringMatching(/^ws_srvtoolu_fake_/) });
    const message = response.output[1] as OpenAI.Responses.ResponseOutputMessage;
    const text = message.content[0] as OpenAI.Responses.ResponseOutputText;
    expect(text.text).toBe('From the search: Herons mostly eat fish.');
    expect(text.annotations).toEqual([{ ...citation, start_index: 17, end_index: 40 }]);
    expect(text.text.slice(17, 40)).toBe('Herons mostly eat fish.');
    expect(response.output_text).toBe('From the search: Herons mostly eat fish.');
  });

  it('streaming: web_search_call in_progress → searching → completed, the annotation event, and the same items in the final response', async () => {
    const stream = harness.openai.responses.stream(request);
    const types: string[] = [];
    const annotations: unknown[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.annotation.added') annotations.push(event.annotation);
    }
    const final = await stream.finalResponse();
    const searchEvents = types.filter((type) => type.startsWith('response.web_search_call.'));
    expect(searchEvents).toEqual(['response.web_search_call.in_progress', 'response.web_search_call.searching', 'response.web_search_call.completed']);
    expect(types.indexOf('response.web_search_call.completed')).toBeLessThan(types.indexOf('response.output_text.delta'));
    // One message item per Anthropic text block: the cited block's annotation spans its whole text.
    expect(annotations).toEqual([{ ...citation, start_index: 0, end_index: 23 }]);
    expect(final.output.map((item) => item.type)).toEqual(['web_search_call', 'message', 'message']);
    expect(final.output[0]).toMatchObject(search);
    const cited = (final.output[2] as OpenAI.Responses.ResponseOutputMessage).content[0] as OpenAI.Responses.ResponseOutputText;
    expect(cited).toMatchObject({ text: 'Herons mostly eat fish.', annotations: [{ ...citation, start_index: 0, end_index: 23 }] });
  });

  it('the next turn: an OpenAI upstream (carried body) does not get the gateway-made web_search_call item, the answer text stays; a warning says so', async () => {
    const first = await harness.openai.responses.create(request);
    const { response } = await harness.openai.responses
      .create({ model: 'gpt', tools: [{ type: 'web_search' }], input: [{ role: 'user', content: 'What do herons eat?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'And storks?' }] })
      .withResponse();
    const input = (harness.upstream.requests.at(-1)!.body as { input: Array<{ type?: string; role?: string }> }).input;
    expect(input.map((item) => item.type ?? item.role)).toEqual(['user', 'message', 'user']);
    expect(response.headers.get('x-switchyard-warnings')).toContain('1 reasoning or web search item from another provider cannot be replayed to OpenAI');
  });
});
