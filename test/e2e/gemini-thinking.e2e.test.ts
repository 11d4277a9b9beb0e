/**
 * Reasoning to and from Gemini: each client's reasoning config becomes Gemini's thinkingConfig
 * (thinkingBudget on 2.5, thinkingLevel on 3, by model), and Gemini's thought parts come back as
 * each client's reasoning: Anthropic thinking blocks, Chat reasoning_content, Responses reasoning items.
 */
import { describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
providers:
  google: { type: gemini, base_url: "${upstreamUrl}/v1beta", api_key: upstream-gemini-key }
models:
  flash-25: { provider: google, model: gemini-2.5-flash }
  flash-3: { provider: google, model: gemini-3-flash-preview }
  pro-3: { provider: google, model: gemini-3-pro-preview }
`,
);

const thought = { text: 'Six times seven is forty-two.', signature: 'gemini-thought-sig-1' };
type GeminiBody = { generationConfig?: { thinkingConfig?: unknown } };

describe('Gemini thinking', () => {
  it('Anthropic thinking.budget_tokens → thinkingBudget on 2.5; the thought comes back as a thinking block', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: '42', usage: { reasoningTokens: 9 } });
    const message = await harness.anthropic.messages.create({ model: 'flash-25', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: '6 × 7?' }] });
    expect((harness.upstream.requests[0]!.body as GeminiBody).generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 2048, includeThoughts: true });
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: thought.text, signature: expect.any(String) });
    expect(message.content[1]).toMatchObject({ type: 'text', text: '42' });
  });

  it('Anthropic messages.stream: thinking deltas from streamed thought parts', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: 'Forty-two.' });
    const stream = harness.anthropic.messages.stream({ model: 'flash-3', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 16_000 }, messages: [{ role: 'user', content: '6 × 7?' }] });
    let thinking = '';
    stream.on('thinking', (delta) => (thinking += delta));
    const final = await stream.finalMessage();
    expect((harness.upstream.requests[0]!.body as GeminiBody).generationConfig?.thinkingConfig).toEqual({ thinkingLevel: 'high', includeThoughts: true });
    expect(thinking).toBe(thought.text);
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text']);
  });

  it('Chat reasoning_effort → thinkingLevel (Pro: nearest supported, with a warning); thoughts as reasoning_content', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: '42' });
    const { data, response } = await harness.openai.chat.completions.create({ model: 'pro-3', reasoning_effort: 'medium', messages: [{ role: 'user', content: '6 × 7?' }] }).withResponse();
    expect((harness.upstream.requests[0]!.body as GeminiBody).generationConfig?.thinkingConfig).toEqual({ thinkingLevel: 'high', includeThoughts: true });
    expect(response.headers.get('x-switchyard-warnings')).toContain("thinking level 'medium' is not supported by Gemini 3 Pro");
    expect((data.choices[0]!.message as unknown as { reasoning_content?: string }).reasoning_content).toBe(thought.text);
  });

  it('Responses reasoning.effort → thinkingLevel; the thought as a reasoning item before the message', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: '42' });
    const response = await harness.openai.responses.create({ model: 'flash-3', reasoning: { effort: 'low', summary: 'auto' }, input: '6 × 7?' });
    expect((harness.upstream.requests[0]!.body as GeminiBody).generationConfig?.thinkingConfig).toEqual({ thinkingLevel: 'low', includeThoughts: true });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: thought.text }] });
  });

  it('Chat streamed: the thought summary streams as reasoning_content deltas before the content', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: '42' });
    const stream = await harness.openai.chat.completions.create({ model: 'flash-3', reasoning_effort: 'low', stream: true, messages: [{ role: 'user', content: '6 × 7?' }] });
    const order: string[] = [];
    let reasoning = '';
    let content = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      if (delta?.reasoning_content) (reasoning += delta.reasoning_content, order.push('reasoning'));
      if (delta?.content) (content += delta.content, order.push('content'));
    }
    expect((harness.upstream.requests[0]!.body as GeminiBody).generationConfig?.thinkingConfig).toEqual({ thinkingLevel: 'low', includeThoughts: true });
    expect(reasoning).toBe(thought.text);
    expect(content).toBe('42');
    expect(order.indexOf('content')).toBeGreaterThan(order.lastIndexOf('reasoning'));
  });

  it('Responses streamed: a reasoning item with the summary text (summary events), then the message; the final response holds both', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: '42' });
    const stream = harness.openai.responses.stream({ model: 'flash-3', reasoning: { effort: 'low', summary: 'auto' }, input: '6 × 7?' });
    let summary = '';
    const added: string[] = [];
    for await (const event of stream) {
      if (event.type === 'response.reasoning_summary_text.delta') summary += event.delta;
      if (event.type === 'response.output_item.added') added.push(event.item.type);
    }
    const final = await stream.finalResponse();
    expect(summary).toBe(thought.text);
    expect(added).toEqual(['reasoning', 'message']);
    expect(final.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: thought.text }] });
    expect(final.output_text).toBe('42');
  });

  it('no reasoning config: no thinkingConfig at all (the model default)', async () => {
    await harness.openai.chat.completions.create({ model: 'flash-25', messages: [{ role: 'user', content: 'hi' }] });
    expect((harness.upstream.requests[0]!.body as GeminiBody).generationConfig?.thinkingConfig).toBeUndefined();
  });
});
