import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { scoreWithShippedModel } from '../support/score-with-shipped-model.ts';
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
    const expected = await scoreWithShippedModel([easyPrompt, hardPrompt]);
    [easy, hard].forEach(({ response }, index) => {
      expect(response.headers.get('x-switchyard-router')).toBe('smart');
      expect(response.headers.get('x-switchyard-complexity')).toBe(expected[index]!.difficulty.toFixed(3));
    });
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
    const [expected] = await scoreWithShippedModel(['Summarize this. '.repeat(12_500)]);
    expect(response.headers.get('x-switchyard-complexity')).toBe(expected!.difficulty.toFixed(3));
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
  // A scripted worker that takes 10 s over a "sleep:10000" prompt: past the 1 s scorer timeout
  // whatever the machine's speed (a real prompt against timeout_ms: 1 only usually is). Two workers,
  // so the sleeping one does not hold up the next prompt.
  const scriptedWorker = fileURLToPath(new URL('../../scorer/pool/__fixtures__/scripted-score-worker.mjs', import.meta.url));

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(configFor(upstream, '{ pool_size: 2, timeout_ms: 1000 }'), { scorerWorkerFile: scriptedWorker });
  });
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  it('falls back to the most capable candidate, never an error', async () => {
    const { response } = await test.openai.chat.completions
      .create({ model: 'smart', messages: [{ role: 'user', content: 'sleep:10000' }] })
      .withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-model')).toBe('strong');
    expect(response.headers.get('x-switchyard-complexity')).toBeNull();
    // The audit says why: the pool timed the score out.
    const { decisions } = (await (await fetch(`${test.url}/admin/decisions?limit=1`)).json()) as { decisions: Array<{ decisions: Array<{ detail?: Record<string, unknown> }> }> };
    expect(decisions[0]!.decisions[0]!.detail).toMatchObject({ fallback: { reason: 'timeout' }, chosen: 'strong' });
    // And the pool is still there: the next, quick prompt is scored (the scripted worker's 0.25).
    const quick = await test.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: easyPrompt }] }).withResponse();
    expect(quick.response.headers.get('x-switchyard-complexity')).toBe('0.250');
  });
});
