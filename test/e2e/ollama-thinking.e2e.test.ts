/**
 * Reasoning to and from Ollama's thinking models: a client's reasoning config becomes `think`
 * (on/off; a level for gpt-oss), and `message.thinking` comes back as each client's reasoning
 * (an Anthropic thinking block, Chat reasoning_content), streamed or not; the next turn gives
 * Ollama its own thinking back.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
store: { kind: memory }
providers:
  local: { type: ollama, base_url: "${upstreamUrl}" }
models:
  qwen: { provider: local, model: qwen3 }
  oss: { provider: local, model: "gpt-oss:20b" }
`,
);

const thought = { text: 'Three r letters: st-r-awbe-r-r-y.' };
type OllamaBody = { think?: unknown; messages: Array<Record<string, unknown>> };

describe('Ollama thinking', () => {
  it('Anthropic thinking → think: true; the thinking comes back as a thinking block, and goes back to Ollama on the next turn', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: 'Three.' });
    const question: Anthropic.MessageParam = { role: 'user', content: 'How many r in strawberry?' };
    const first = await harness.anthropic.messages.create({ model: 'qwen', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [question] });
    expect((harness.upstream.requests[0]!.body as OllamaBody).think).toBe(true);
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(first.content[0]).toMatchObject({ type: 'thinking', thinking: thought.text });
    await harness.anthropic.messages.create({ model: 'qwen', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: 'Sure?' }] });
    expect((harness.upstream.requests[1]!.body as OllamaBody).messages[1]).toEqual({ role: 'assistant', content: 'Three.', thinking: thought.text });
  });

  it('Chat reasoning_effort on gpt-oss → think: "high"; streamed thinking as reasoning_content deltas', async () => {
    harness.upstream.enqueue({ kind: 'ok', reasoning: thought, text: 'Three.' });
    const stream = await harness.openai.chat.completions.create({ model: 'oss', reasoning_effort: 'high', stream: true, messages: [{ role: 'user', content: 'How many r in strawberry?' }] });
    let reasoning = '';
    let text = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      text += delta?.content ?? '';
    }
    expect((harness.upstream.requests[0]!.body as OllamaBody).think).toBe('high');
    expect(reasoning).toBe(thought.text);
    expect(text).toBe('Three.');
  });
});
