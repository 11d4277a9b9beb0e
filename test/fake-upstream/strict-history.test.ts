import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ strictHistory: true });
});
afterAll(async () => upstream?.close());

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${upstream.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const anthropic = (content: unknown[]) => ({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content }, { role: 'user', content: 'next' }] });

describe('fake upstream, strict history', () => {
  it('Anthropic: a thinking signature the fake issued is accepted, another is refused; unknown block types are refused', async () => {
    upstream.enqueue({ kind: 'ok', reasoning: { text: 'hmm' }, text: 'a' });
    const first = await post('/v1/messages', { model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'q' }] });
    const thinking = (first.json.content as Array<Record<string, unknown>>)[0]!;
    expect(thinking.type).toBe('thinking');
    expect((await post('/v1/messages', anthropic([thinking, { type: 'text', text: 'a' }]))).status).toBe(200);
    const forged = await post('/v1/messages', anthropic([{ ...thinking, signature: 'switchyard.v1.other' }, { type: 'text', text: 'a' }]));
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.json)).toContain('Invalid `signature` in `thinking` block');
    const unknown = await post('/v1/messages', anthropic([{ type: 'web_search_call', id: 'ws_1' }]));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain("Input tag 'web_search_call'");
  });

  it('Responses: encrypted reasoning it never issued is refused; Gemini: an unknown thought signature is refused, the documented stand-in accepted', async () => {
    const responses = await post('/v1/responses', { model: 'gpt-5.4', input: [{ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'from-elsewhere' }, { role: 'user', content: 'q' }] });
    expect(responses.status).toBe(400);
    const part = (thoughtSignature: string) => ({ contents: [{ role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature }] }, { role: 'user', parts: [{ text: 'q' }] }] });
    expect((await post('/v1beta/models/gemini-3-flash-preview:generateContent', part('forged'))).status).toBe(400);
    expect((await post('/v1beta/models/gemini-3-flash-preview:generateContent', part('skip_thought_signature_validator'))).status).toBe(200);
  });
});
