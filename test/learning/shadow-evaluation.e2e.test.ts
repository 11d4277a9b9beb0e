import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../router/config/load-config.ts';
import type { LabelledRequest } from '../../router/learning/labels/label.ts';
import { SHADOW_JUDGE_INSTRUCTIONS } from '../../router/learning/shadow/shadow-judge-prompt.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { startFakeJudge, type FakeJudge } from './fake-judge-upstream.ts';

type Shadow = { fraction?: number; concurrency?: number; daily_budget_usd?: number; store_prompts?: boolean };

function configFor(upstream: FakeUpstream, judge: FakeJudge, shadow: Shadow = {}, candidates = '[weak, strong]', guardrails = false): string {
  const block = { fraction: 1, concurrency: 4, daily_budget_usd: 5, store_prompts: true, ...shadow };
  return `
store: { kind: sqlite, path: state.db }
scorer: { pool_size: 1, timeout_ms: 2000 }
defaults: { retries: 0 }
providers:
  upstream: { type: openai-compatible, base_url: "${upstream.url}/v1" }
  judging:  { type: openai-compatible, base_url: "${judge.url}/v1", budget: { monthly_usd: 100 } }
models:
  strong: { provider: upstream, model: strong-model, quality: 95, price: { input: 10, output: 30 } }
  medium: { provider: upstream, model: medium-model, quality: 60, price: { input: 1, output: 3 } }
  weak:   { provider: upstream, model: weak-model, quality: 20, price: { input: 0.1, output: 0.2 } }
  judge:  { provider: judging, model: judge-model, price: { input: 1, output: 2 } }
routers:
  smart:
    strategy: smart
    axis: quality
    candidates: ${candidates}
    shadow: { fraction: ${block.fraction}, judge: judge, daily_budget_usd: ${block.daily_budget_usd}, concurrency: ${block.concurrency}, store_prompts: ${block.store_prompts} }
${guardrails ? '    guardrails: [mask-iban]\nguardrails:\n  checks:\n    mask-iban: { detector: { type: pii, kinds: [iban] }, action: redact }' : ''}
`;
}

const PROMPT = 'Prove that the square root of 2 is irrational, step by step, and explain each step.';

describe('shadow evaluation of a smart router', () => {
  let upstream: FakeUpstream;
  let judge: FakeJudge;
  let test: TestGateway | undefined;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    judge = await startFakeJudge();
  });
  afterEach(async () => {
    await test?.close();
    test = undefined;
    upstream.reset();
    judge.requests.length = 0;
    judge.mode = 'grade';
  });
  afterAll(async () => {
    await upstream.close();
    await judge.close();
  });

  const start = async (shadow: Shadow = {}, candidates?: string, guardrails = false) => {
    upstream.setBehaviorFor('strong-model', { kind: 'ok', text: 'the strong answer' });
    upstream.setBehaviorFor('medium-model', { kind: 'ok', text: 'the medium answer' });
    upstream.setBehaviorFor('weak-model', { kind: 'ok', text: 'the weak answer' });
    test = await startTestGateway(configFor(upstream, judge, shadow, candidates, guardrails));
    return test;
  };
  const ask = async (gateway: TestGateway, content = PROMPT, stream = false) => {
    const started = performance.now();
    if (stream) {
      const { data, response } = await gateway.openai.chat.completions.create({ model: 'smart', stream: true, messages: [{ role: 'user', content }] }).withResponse();
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      return { requestId: response.headers.get('x-switchyard-request-id')!, model: response.headers.get('x-switchyard-model'), text, ms: performance.now() - started };
    }
    const { data, response } = await gateway.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content }] }).withResponse();
    return { requestId: response.headers.get('x-switchyard-request-id')!, model: response.headers.get('x-switchyard-model'), text: data.choices[0]?.message.content ?? '', ms: performance.now() - started };
  };
  const labelled = async (gateway: TestGateway): Promise<LabelledRequest[]> => {
    const found: LabelledRequest[] = [];
    for await (const request of gateway.gateway.services.labels!.requests()) found.push(request);
    return found;
  };
  /** `switchyard_shadow_*` samples from GET /metrics, as `name{labels}` → value. */
  const shadowMetrics = async (gateway: TestGateway): Promise<Map<string, number>> => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    return new Map([...text.matchAll(/^(switchyard_shadow_[a-z_]+(?:\{[^}]*\})?) ([0-9.e+-]+)$/gm)].map((match) => [match[1]!, Number(match[2])]));
  };
  const shadowCalls = (model: string) => upstream.requests.filter((request) => request.model === model).length;

  it('sends the request to every candidate after the answer, has the judge grade them, and stores per-model judge labels with the prompt', async () => {
    const gateway = await start();
    const answer = await ask(gateway);
    expect(answer.model).toBe('strong');
    expect(answer.text).toBe('the strong answer');
    await gateway.gateway.services.shadow!.settled();

    // The client's call, then one shadow call per candidate (the served one again), none streamed.
    expect(shadowCalls('strong-model')).toBe(2);
    expect(shadowCalls('weak-model')).toBe(1);
    expect(upstream.requests.filter((request) => request.model === 'weak-model').every((request) => !request.stream)).toBe(true);
    expect(judge.requests).toHaveLength(1);
    const [system, user] = judge.requests[0]!.messages;
    expect(system).toEqual({ role: 'system', content: SHADOW_JUDGE_INSTRUCTIONS });
    expect(user!.content).toContain(PROMPT);

    const [request] = await labelled(gateway);
    expect(request).toMatchObject({ requestId: answer.requestId, router: 'smart', prompt: PROMPT });
    const scores = Object.fromEntries(request!.labels.map((label) => [label.model, label.score]));
    // The fake judge grades "strong" 9 and "weak" 2 whatever letter each got: the letters were mapped back.
    expect(scores).toEqual({ strong: 0.9, weak: 0.2 });
    expect(request!.labels.every((label) => label.source === 'judge' && label.rater === 'judge' && (label.costUsd ?? 0) > 0)).toBe(true);

    const metrics = await shadowMetrics(gateway);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="judged"}')).toBe(1);
    // Shadow and judge calls count toward the provider accounts' spend too: the judge's provider served no client.
    const spend = gateway.gateway.services.limits!.spend;
    expect(spend.spentUsd('judging')).toBeGreaterThan(0);
    expect(metrics.get('switchyard_shadow_cost_usd_total{router="smart"}')).toBeCloseTo(gateway.gateway.services.shadow!.spentTodayUsd('smart'), 10);
  });

  it('keeps no prompt without store_prompts (the labels stay, export cannot use them)', async () => {
    const gateway = await start({ store_prompts: false });
    const answer = await ask(gateway);
    await gateway.gateway.services.shadow!.settled();
    const [request] = await labelled(gateway);
    expect(request?.requestId).toBe(answer.requestId);
    expect(request?.labels).toHaveLength(2);
    expect(request?.prompt).toBeUndefined();
  });

  it('never delays the client: a 2 s shadow candidate runs after a fast answer, streamed or not', async () => {
    const gateway = await start();
    upstream.setBehaviorFor('weak-model', { kind: 'ok', text: 'the weak answer', latencyMs: 2000 });
    const began = performance.now();
    const plain = await ask(gateway);
    const streamed = await ask(gateway, PROMPT, true);
    expect([plain.model, streamed.model]).toEqual(['strong', 'strong']);
    expect(streamed.text).toBe('the strong answer');
    await gateway.gateway.services.shadow!.settled();
    const shadowMs = performance.now() - began;
    // Each client call took a fraction of the 2 s shadow call it started; the shadow runs ended after those 2 s.
    expect(plain.ms).toBeLessThan(1000);
    expect(streamed.ms).toBeLessThan(1000);
    expect(shadowMs).toBeGreaterThan(2000);
    expect((await labelled(gateway)).map((request) => request.labels.length)).toEqual([2, 2]);
  });

  it('runs at most `concurrency` evaluations at once and skips (and counts) the rest', async () => {
    const gateway = await start({ concurrency: 1 });
    upstream.setBehaviorFor('weak-model', { kind: 'ok', text: 'the weak answer', latencyMs: 1500 });
    for (let index = 0; index < 4; index++) await ask(gateway, `${PROMPT} (${index})`);
    await gateway.gateway.services.shadow!.settled();
    expect(shadowCalls('weak-model')).toBe(1);
    expect(judge.requests).toHaveLength(1);
    let metrics = await shadowMetrics(gateway);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="skipped_concurrency"}')).toBe(3);
    expect(metrics.get('switchyard_shadow_in_flight{router="smart"}')).toBe(0);
    // Once the run is over, the next sampled request is evaluated again.
    await ask(gateway);
    await gateway.gateway.services.shadow!.settled();
    expect(shadowCalls('weak-model')).toBe(2);
    metrics = await shadowMetrics(gateway);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="judged"}')).toBe(2);
  });

  it('stops at the daily budget: spend stays under it, later samples are skipped and counted', async () => {
    // A run reserves its estimate (input + 1,024 output tokens per candidate, and the judge): about 0.034 USD here;
    // it then spends about 0.031 (the strong answer is 1,000 tokens). So two runs fit in 0.08, a third would not.
    const gateway = await start({ daily_budget_usd: 0.08 });
    upstream.setBehaviorFor('strong-model', { kind: 'ok', text: 'the strong answer', usage: { outputTokens: 1000 } });
    for (let index = 0; index < 8; index++) {
      await ask(gateway, `${PROMPT} (${index})`);
      await gateway.gateway.services.shadow!.settled();
    }
    const metrics = await shadowMetrics(gateway);
    const judged = metrics.get('switchyard_shadow_runs_total{router="smart",outcome="judged"}') ?? 0;
    const skipped = metrics.get('switchyard_shadow_runs_total{router="smart",outcome="skipped_budget"}') ?? 0;
    expect(judged).toBe(2);
    expect(skipped).toBe(6);
    expect(shadowCalls('weak-model')).toBe(judged);
    expect(judge.requests).toHaveLength(judged);
    expect(gateway.gateway.services.shadow!.spentTodayUsd('smart')).toBeLessThanOrEqual(0.08);
  });

  it('ignores and counts a failing shadow call and a failing or unreadable judge; the client is served every time', async () => {
    const gateway = await start({}, '[weak, medium, strong]');
    upstream.setBehaviorFor('weak-model', { kind: 'status', status: 500, message: 'weak is down' });
    const first = await ask(gateway);
    expect(first.text).toBe('the strong answer');
    await gateway.gateway.services.shadow!.settled();
    // Two answers left: the judge still grades them.
    const [request] = await labelled(gateway);
    expect(Object.fromEntries(request!.labels.map((label) => [label.model, label.score]))).toEqual({ strong: 0.9, medium: 0.5 });

    judge.mode = 'fail';
    expect((await ask(gateway)).text).toBe('the strong answer');
    await gateway.gateway.services.shadow!.settled();
    judge.mode = 'garbage';
    expect((await ask(gateway)).text).toBe('the strong answer');
    await gateway.gateway.services.shadow!.settled();
    upstream.setBehaviorFor('medium-model', { kind: 'drop' });
    judge.mode = 'grade';
    expect((await ask(gateway)).text).toBe('the strong answer');
    await gateway.gateway.services.shadow!.settled();

    const metrics = await shadowMetrics(gateway);
    expect(metrics.get('switchyard_shadow_failures_total{router="smart",stage="candidate"}')).toBe(5);
    expect(metrics.get('switchyard_shadow_failures_total{router="smart",stage="judge"}')).toBe(2);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="judged"}')).toBe(1);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="judge_failed"}')).toBe(2);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="too_few_answers"}')).toBe(1);
    // Only the first run stored labels.
    expect((await labelled(gateway)).map((labelledRequest) => labelledRequest.requestId)).toEqual([first.requestId]);
  });

  it('never shadows a request a guardrail acted on (the redacted form goes nowhere else)', async () => {
    const gateway = await start({}, undefined, true);
    await ask(gateway, `${PROMPT} My account is DE89370400440532013000.`);
    await gateway.gateway.services.shadow!.settled();
    expect(shadowCalls('weak-model')).toBe(0);
    expect(judge.requests).toHaveLength(0);
    // The served call carried the redacted text; nothing else saw the IBAN.
    expect(JSON.stringify(upstream.requests)).not.toContain('DE89370400440532013000');
    await ask(gateway);
    await gateway.gateway.services.shadow!.settled();
    const metrics = await shadowMetrics(gateway);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="skipped_guardrails"}')).toBe(1);
    expect(metrics.get('switchyard_shadow_runs_total{router="smart",outcome="judged"}')).toBe(1);
  });

  it('follows a reload: a shadow block taken out of the file stops, put back starts again, from the next request on', async () => {
    const gateway = await start();
    const withShadow = configFor(upstream, judge);
    await writeFile(gateway.configFile, withShadow.replace(/\n    shadow: .*\n/, '\n'));
    expect(await gateway.gateway.reload()).toMatchObject({ ok: true });
    await ask(gateway);
    await gateway.gateway.services.shadow!.settled();
    expect(shadowCalls('weak-model')).toBe(0);
    await writeFile(gateway.configFile, withShadow.replace('fraction: 1,', 'fraction: 1.0,'));
    expect(await gateway.gateway.reload()).toMatchObject({ ok: true });
    await ask(gateway);
    await gateway.gateway.services.shadow!.settled();
    expect(shadowCalls('weak-model')).toBe(1);
    expect((await labelled(gateway)).map((request) => request.labels.length)).toEqual([2]);
  });

  it('rejects a judge that is not a model, candidates without a price, fewer than two model candidates', () => {
    const text = configFor(upstream, judge);
    expect(() => loadConfigText(text, 'test.yaml', {})).not.toThrow();
    expect(() => loadConfigText(text.replace('judge: judge,', 'judge: smart,'), 'test.yaml', {})).toThrow(/the judge must be a model of the config; 'smart' is not one/);
    const unpriced = text.replace('weak:   { provider: upstream, model: weak-model, quality: 20, price: { input: 0.1, output: 0.2 } }', 'weak: { provider: upstream, model: weak-model, quality: 20 }');
    expect(() => loadConfigText(unpriced, 'test.yaml', {})).toThrow(/candidate 'weak' has no price/);
    expect(() => loadConfigText(text.replace('candidates: [weak, strong]', 'candidates: [strong]'), 'test.yaml', {})).toThrow(/at least two candidates that are models/);
  });
});
