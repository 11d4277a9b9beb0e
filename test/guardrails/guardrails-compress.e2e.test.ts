import { get_encoding } from 'tiktoken';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

type WireMessage = { role: string; content?: string | null; tool_calls?: Array<{ id: string }>; tool_call_id?: string };

const filler = (turn: number) => `Turn ${turn}: ${'the quarterly figures and the shipping plan need another look before Friday, '.repeat(6)}`;

/** A long conversation with a tool call and a long tool result in the middle and one near the end. */
function conversation() {
  const messages: Array<Record<string, unknown>> = [{ role: 'system', content: 'You are the operations assistant.' }];
  for (let turn = 0; turn < 16; turn++) {
    messages.push({ role: 'user', content: filler(turn) });
    if (turn === 5 || turn === 14) {
      const id = `call_${turn}`;
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'read_report', arguments: `{"page":${turn}}` } }] });
      messages.push({ role: 'tool', tool_call_id: id, content: `REPORT ${turn} `.repeat(900) });
    }
    messages.push({ role: 'assistant', content: `Noted for turn ${turn}.` });
  }
  messages.push({ role: 'user', content: 'So what is the final plan?' });
  return messages;
}

describe('guardrails: context compression', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;
  const encoder = get_encoding('cl100k_base');

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(`
store: { kind: memory }
providers:
  oa: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream-not-a-secret }
models:
  small: { provider: oa, model: small-fake, max_input_tokens: 2000 }
  cheap: { provider: oa, model: cheap-fake }
routers:
  long: { strategy: failover, targets: [small], compress: { keep_last_messages: 5, tool_result_max_chars: 1200 } }
  summarised: { strategy: failover, targets: [small], compress: { keep_last_messages: 5, tool_result_max_chars: 1200, summarize_with: cheap } }
  strict: { strategy: failover, targets: [small] }
`);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    encoder.free();
    await test.close();
    await upstream.close();
  });

  const sentTo = (model: string) => upstream.requests.find((request) => request.model === model)!.body as { messages: WireMessage[] };
  const tokensOf = (messages: WireMessage[]) => messages.reduce((sum, message) => sum + encoder.encode(JSON.stringify(message)).length, 0);

  it('without compress, the target is skipped: 400 context_length_exceeded', async () => {
    const error = await test.openai.chat.completions.create({ model: 'strict', messages: conversation() as never }).then(() => undefined, (caught: unknown) => caught as { status: number; code: string });
    expect(error).toMatchObject({ status: 400, code: 'context_length_exceeded' });
    expect(upstream.requests).toHaveLength(0);
  });

  it('compresses to fit the window (counted with cl100k_base), keeps the system prompt, the latest turns and every tool call with its result', async () => {
    const original = conversation();
    const { response, data } = await test.openai.chat.completions.create({ model: 'long', messages: original as never }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('small');
    expect(data.choices[0]!.message.content).toBe('echo: So what is the final plan?');
    const sent = sentTo('small-fake').messages;
    expect(tokensOf(sent)).toBeLessThan(2000);
    expect(tokensOf(original as WireMessage[])).toBeGreaterThan(2000);
    expect(sent[0]).toEqual({ role: 'system', content: 'You are the operations assistant.' });
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'So what is the final plan?' });
    // The latest five messages are there as sent, apart from the cut tool result.
    expect(sent.slice(-2)).toEqual(original.slice(-2));
    // Calls and results stay paired.
    const callIds = sent.flatMap((message) => message.tool_calls?.map((call) => call.id) ?? []);
    const resultIds = sent.filter((message) => message.role === 'tool').map((message) => message.tool_call_id);
    expect(resultIds).toEqual(callIds);
    expect(callIds).toContain('call_14');
    const result = sent.find((message) => message.tool_call_id === 'call_14')!;
    expect(result.content).toContain('characters cut by switchyard');
    expect(result.content!.startsWith('REPORT 14')).toBe(true);
    expect(result.content!.trimEnd().endsWith('REPORT 14')).toBe(true);
    expect(JSON.stringify(sent)).toMatch(/\[switchyard: \d+ earlier messages were removed to fit the context window\]/);
    const warning = response.headers.get('x-switchyard-warnings') ?? '';
    expect(warning).toMatch(/context compressed for 'small' \(to 2000 tokens by router 'long'\): 2 tool results cut to head and tail, \d+ oldest messages dropped/);
    const rows = (await (await fetch(`${test.url}/admin/decisions?limit=10`)).json()) as { decisions: Array<{ requestId: string; warnings?: string[] }> };
    const row = rows.decisions.find((decision) => decision.requestId === response.headers.get('x-switchyard-request-id'));
    expect(row?.warnings?.some((entry) => entry.startsWith("context compressed for 'small'"))).toBe(true);
  });

  it('summarises the dropped middle with the configured cheap model', async () => {
    upstream.setBehaviorFor('cheap-fake', { kind: 'ok', text: 'Earlier: figures and shipping plan reviewed; report pages read.' });
    const { response } = await test.openai.chat.completions.create({ model: 'summarised', messages: conversation() as never }).withResponse();
    const summaryCall = sentTo('cheap-fake').messages;
    expect(JSON.stringify(summaryCall)).toContain('Turn 0:');
    const sent = sentTo('small-fake').messages;
    expect(JSON.stringify(sent)).toContain('Earlier: figures and shipping plan reviewed; report pages read.');
    expect(tokensOf(sent)).toBeLessThan(2000);
    expect(response.headers.get('x-switchyard-warnings')).toContain("(summarised by 'cheap')");
  });
});
