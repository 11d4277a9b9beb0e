import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

// Two openai-compatible deployments the catalog knows by their provider ids: the reference pair
// the axis presets are calibrated on (gpt-4-1106-preview vs Mixtral-8x7B).
function configFor(upstream: FakeUpstream, scorer: string): string {
  return `
store: { kind: memory }
scorer: ${scorer}
providers:
  upstream: { type: openai-compatible, base_url: "${upstream.url}/v1" }
models:
  strong: { provider: upstream, model: gpt-4-1106-preview }
  weak:   { provider: upstream, model: Mixtral-8x7B-Instruct-v0.1 }
routers:
  smart: { strategy: smart, axis: balanced, candidates: [weak, strong], allowed_axes: [cost, quality] }
`;
}

// Chosen from the shipped model's view of difficulty: a greeting, and a multi-part proof request
// where the stronger model's predicted quality is far higher.
const easyPrompt = 'Say hello.';
const hardPrompt =
  'Prove that there are infinitely many primes p with p ≡ 3 (mod 4). Give a complete, rigorous argument, justify every step, and explain where the analogous argument for p ≡ 1 (mod 4) breaks down.';

/** Unbroken random letters: no token cache helps, so scoring takes milliseconds, not microseconds. */
function slowToScore(length: number): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += String.fromCharCode(97 + ((index * 7919 + (index >> 3) * 104_729) % 26));
  return text;
}

describe('smart router end to end', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(configFor(upstream, '{ pool_size: 1, timeout_ms: 2000 }'));
  });
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const ask = (content: string, headers: Record<string, string> = {}) =>
    test.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content }] }, { headers }).withResponse();

  it('sends an easy and a hard prompt to different models under balanced, with the complexity header', async () => {
    const easy = await ask(easyPrompt);
    const hard = await ask(hardPrompt);
    expect(easy.response.headers.get('x-switchyard-model')).toBe('weak');
    expect(hard.response.headers.get('x-switchyard-model')).toBe('strong');
    for (const { response } of [easy, hard]) {
      expect(response.headers.get('x-switchyard-router')).toBe('smart');
      expect(Number(response.headers.get('x-switchyard-complexity'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('x-switchyard-complexity'))).toBeLessThan(1);
    }
    expect(easy.data.choices[0]?.message.content).toBe(`echo: ${easyPrompt}`);
  });

  it('rates the latest user turn, not the system prompt or the history', async () => {
    const system = 'You are the support assistant of Acme Corp. Be polite and brief; never promise delivery dates. '.repeat(60);
    const alone = await ask(easyPrompt);
    const withContext = await test.openai.chat.completions
      .create({ model: 'smart', messages: [{ role: 'system', content: system }, { role: 'user', content: hardPrompt }, { role: 'assistant', content: 'Done.' }, { role: 'user', content: easyPrompt }] })
      .withResponse();
    expect(withContext.response.headers.get('x-switchyard-complexity')).toBe(alone.response.headers.get('x-switchyard-complexity'));
    expect(withContext.response.headers.get('x-switchyard-model')).toBe('weak');
  });

  it('lets x-switchyard-axis pick an allowed axis', async () => {
    const quality = await ask(hardPrompt, { 'x-switchyard-axis': 'quality' });
    expect(quality.response.headers.get('x-switchyard-model')).toBe('strong');
  });

  it('serves a 200,000-character prompt', async () => {
    const { response } = await ask('Summarize this. '.repeat(12_500));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-complexity')).not.toBeNull();
  });

  it('uses the most capable candidate once the scorer pool is gone', async () => {
    await test.gateway.services.scorer!.close();
    const { response } = await ask(easyPrompt);
    expect(response.headers.get('x-switchyard-model')).toBe('strong');
    expect(response.headers.get('x-switchyard-complexity')).toBeNull();
  });
});

describe('smart router with a scorer that times out', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(configFor(upstream, '{ pool_size: 1, timeout_ms: 1 }'));
  });
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  it('falls back to the most capable candidate, never an error', async () => {
    const { response } = await test.openai.chat.completions
      .create({ model: 'smart', messages: [{ role: 'user', content: `${easyPrompt} ${slowToScore(20_000)}` }] })
      .withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-model')).toBe('strong');
    expect(response.headers.get('x-switchyard-complexity')).toBeNull();
    expect(test.gateway.services.scorer).toBeDefined();
  });
});
