/**
 * A tool loop with thinking that starts on Anthropic, fails over mid-loop to Gemini (Anthropic
 * client) or OpenAI Responses (Codex-format client), and comes back: each family's signed
 * reasoning is replayed only to that family, another family's is left out with a warning, and no
 * upstream refuses the call. The fake runs in strict-history mode: it refuses signatures and
 * encrypted reasoning it never issued, and (Anthropic) a thinking-on continuation whose tool step
 * does not start with a thinking block — as the real services do.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
store: { kind: memory }
providers:
  claude: { type: anthropic, base_url: "${upstreamUrl}", api_key: upstream-anthropic-key }
  google: { type: gemini, base_url: "${upstreamUrl}/v1beta", api_key: upstream-gemini-key }
  oa: { type: openai, base_url: "${upstreamUrl}/v1", api_key: upstream-openai-key, api: responses }
models:
  sonnet: { provider: claude, model: claude-sonnet-4-6 }
  flash-3: { provider: google, model: gemini-3-flash-preview }
  gpt: { provider: oa, model: gpt-5.4 }
routers:
  loop-gemini: { strategy: failover, targets: [sonnet, flash-3] }
  loop-openai: { strategy: failover, targets: [sonnet, gpt] }
`,
  { strictHistory: true },
);

const CLAUDE = 'claude-sonnet-4-6';
const weather = (city: string) => ({ name: 'get_weather', arguments: { city } });
const anthropicDown = () => harness.upstream.enqueue({ kind: 'status', status: 503, message: 'overloaded' }, { model: CLAUDE });
type Served = { model: string | undefined; body: Record<string, unknown> };
const lastRequest = (): Served => {
  const request = harness.upstream.requests.at(-1)!;
  return { model: request.model, body: request.body as Record<string, unknown> };
};

describe('mid-loop provider switch with thinking', () => {
  it('Anthropic client: Anthropic → Gemini → Anthropic → Gemini; signatures go only to their family, no refusal', async () => {
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const base = { model: 'loop-gemini', max_tokens: 8192, thinking: { type: 'enabled' as const, budget_tokens: 2048 }, tools };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris, then Lyon?' }];
    const step = async (): Promise<{ message: Anthropic.Message; warnings: string | null }> => {
      const { data, response } = await harness.anthropic.messages.create({ ...base, messages }).withResponse();
      expect(response.status).toBe(200);
      const call = data.content.find((block) => block.type === 'tool_use');
      messages.push({ role: 'assistant', content: data.content });
      if (call !== undefined) messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] });
      return { message: data, warnings: response.headers.get('x-switchyard-warnings') };
    };

    // 1. Anthropic: signed thinking + a tool call.
    harness.upstream.enqueue({ kind: 'ok', text: '', reasoning: { text: 'Paris first.' }, toolCall: weather('Paris') }, { model: CLAUDE });
    const first = await step();
    expect(first.message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const anthropicSignature = (first.message.content[0] as Anthropic.ThinkingBlock).signature;
    expect(anthropicSignature).toMatch(/^sig_fake_/);

    // 2. Anthropic is down: Gemini continues. Anthropic's signature is not sent to Gemini; Anthropic's call gets Gemini's stand-in signature.
    anthropicDown();
    harness.upstream.enqueue({ kind: 'ok', text: '', reasoning: { text: 'Now Lyon.', signature: 'gem-thought-2' }, toolCall: { ...weather('Lyon'), thoughtSignature: 'gem-call-2' } }, { model: 'gemini-3-flash-preview' });
    const second = await step();
    const gemini = lastRequest();
    expect(gemini.model).toBe('gemini-3-flash-preview');
    expect(JSON.stringify(gemini.body)).not.toContain(anthropicSignature);
    expect(JSON.stringify(gemini.body)).toContain('skip_thought_signature_validator');
    expect(second.warnings).toContain('reasoning from anthropic');
    expect(second.message.content.filter((block) => block.type === 'thinking').every((block) => (block as Anthropic.ThinkingBlock).signature.startsWith('switchyard.v1.'))).toBe(true);

    // 3. Back on Anthropic: its own thinking is replayed, Gemini's gateway-signed blocks are left out, and thinking is off for this one step (Gemini made the calls it continues).
    harness.upstream.enqueue({ kind: 'ok', text: '', reasoning: { text: 'One more check.' }, toolCall: weather('Nice') }, { model: CLAUDE });
    const third = await step();
    const claude = lastRequest();
    expect(claude.model).toBe(CLAUDE);
    const sent = JSON.stringify(claude.body);
    expect(sent).toContain(anthropicSignature);
    expect(sent).not.toContain('switchyard.v1.');
    expect(claude.body.thinking).toBeUndefined();
    expect(third.warnings).toContain('thinking block');
    expect(third.warnings).toContain('thinking was turned off for this call');

    // 4. Gemini again: its signature from step 2 goes back on its own function call; Anthropic's stays away.
    anthropicDown();
    harness.upstream.enqueue({ kind: 'ok', text: 'Sunny everywhere.' }, { model: 'gemini-3-flash-preview' });
    const fourth = await step();
    expect(fourth.message.content.at(-1)).toMatchObject({ type: 'text', text: 'Sunny everywhere.' });
    const geminiAgain = JSON.stringify(lastRequest().body);
    expect(geminiAgain).toContain('"thoughtSignature":"gem-call-2"');
    expect(geminiAgain).not.toContain('sig_fake_');
    expect(harness.upstream.requests.filter((request) => request.model === CLAUDE)).toHaveLength(4);
  });

  it('Responses client: Anthropic → OpenAI Responses → Anthropic; encrypted reasoning goes only to OpenAI, Anthropic signatures only to Anthropic', async () => {
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false }];
    const base = { model: 'loop-openai', reasoning: { effort: 'low' as const, summary: 'auto' as const }, include: ['reasoning.encrypted_content' as const], store: false, tools };
    const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris, then Lyon?' }];
    const step = async (): Promise<{ output: OpenAI.Responses.ResponseOutputItem[]; warnings: string | null }> => {
      const { data, response } = await harness.openai.responses.create({ ...base, input }).withResponse();
      expect(response.status).toBe(200);
      input.push(...(data.output as OpenAI.Responses.ResponseInputItem[]));
      for (const item of data.output) if (item.type === 'function_call') input.push({ type: 'function_call_output', call_id: item.call_id, output: 'sunny' });
      return { output: data.output, warnings: response.headers.get('x-switchyard-warnings') };
    };

    harness.upstream.enqueue({ kind: 'ok', text: '', reasoning: { text: 'Paris first.' }, toolCall: weather('Paris') }, { model: CLAUDE });
    const first = await step();
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    const tagged = (first.output[0] as OpenAI.Responses.ResponseReasoningItem).encrypted_content;
    expect(tagged).toMatch(/^switchyard\.v1:/);

    anthropicDown();
    harness.upstream.enqueue({ kind: 'ok', text: '', reasoning: { text: 'Now Lyon.', encrypted: 'enc-openai-2' }, toolCall: weather('Lyon') }, { model: 'gpt-5.4' });
    const second = await step();
    const toOpenAI = lastRequest();
    expect(toOpenAI.model).toBe('gpt-5.4');
    expect(JSON.stringify(toOpenAI.body)).not.toContain('switchyard.v1:');
    expect(second.warnings).toContain('cannot be replayed to OpenAI');
    expect(second.output.find((item) => item.type === 'reasoning')).toMatchObject({ encrypted_content: 'enc-openai-2' });

    harness.upstream.enqueue({ kind: 'ok', text: 'Sunny in both.' }, { model: CLAUDE });
    const third = await step();
    expect(third.output.at(-1)).toMatchObject({ type: 'message' });
    const toClaude = JSON.stringify(lastRequest().body);
    expect(lastRequest().model).toBe(CLAUDE);
    expect(toClaude).not.toContain('enc-openai-2');
    expect(toClaude).toContain('sig_fake_');
    expect(third.warnings).toContain('reasoning from openai');
    expect(third.warnings).toContain('thinking was turned off for this call');

    // And OpenAI once more: its own encrypted reasoning goes back to it.
    anthropicDown();
    harness.upstream.enqueue({ kind: 'ok', text: 'Still sunny.' }, { model: 'gpt-5.4' });
    input.push({ role: 'user', content: 'And now?' });
    await step();
    expect(JSON.stringify(lastRequest().body)).toContain('enc-openai-2');
  });

  it('no switch: a Responses client staying on Anthropic keeps thinking on, its step replayed with the restored signature first', async () => {
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false }];
    const base = { model: 'loop-openai', reasoning: { effort: 'low' as const, summary: 'auto' as const }, include: ['reasoning.encrypted_content' as const], store: false, tools };
    harness.upstream.enqueue({ kind: 'ok', text: '', reasoning: { text: 'Paris first.' }, toolCall: weather('Paris') }, { model: CLAUDE });
    const first = await harness.openai.responses.create({ ...base, input: 'Weather in Paris?' });
    const call = first.output.find((item) => item.type === 'function_call')!;
    harness.upstream.enqueue({ kind: 'ok', text: 'Sunny.' }, { model: CLAUDE });
    const { response } = await harness.openai.responses
      .create({ ...base, input: [{ role: 'user', content: 'Weather in Paris?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }] })
      .withResponse();
    expect(response.status).toBe(200);
    const body = lastRequest().body as { thinking?: unknown; messages: Array<{ role: string; content: Array<{ type: string; signature?: string }> }> };
    expect(body.thinking).toMatchObject({ type: 'enabled' });
    const step = body.messages.find((message) => message.role === 'assistant')!;
    expect(step.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_/) });
    expect(response.headers.get('x-switchyard-warnings') ?? '').not.toContain('thinking was turned off');
  });
});
