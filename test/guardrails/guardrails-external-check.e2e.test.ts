import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { findAuditRow } from '../support/find-audit-row.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

type AuditRow = { requestId: string; guardrails?: Array<{ guardrail: string; action: string; detail?: string }> };

/** External checks against a real local HTTP server (the fake upstream's /v1/moderations and a classifier chat model) that says flagged, is slow, or is down. */
describe('guardrails: external checks (moderation endpoint, classifier model)', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(`
store: { kind: memory }
providers:
  oa: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream-not-a-secret }
models:
  gpt: { provider: oa, model: gpt-fake }
  mod: { provider: oa, model: omni-mod }
  guard: { provider: oa, model: llama-guard }
routers:
  open: { strategy: failover, targets: [gpt], guardrails: [moderated] }
  strict: { strategy: failover, targets: [gpt], guardrails: [moderated-strict] }
  classified: { strategy: failover, targets: [gpt], guardrails: [classifier] }
  answers: { strategy: failover, targets: [gpt], guardrails: [moderated-answer] }
  watched: { strategy: failover, targets: [gpt], guardrails: [watch-both] }
guardrails:
  checks:
    moderated: { detector: { type: external, kind: moderation, model: mod, timeout_ms: 300, on_error: allow }, action: block }
    moderated-strict: { detector: { type: external, kind: moderation, model: mod, timeout_ms: 300, on_error: block, categories: [violence] }, action: block }
    classifier: { detector: { type: external, kind: classifier, model: guard, timeout_ms: 300 }, action: block, status: 403 }
    moderated-answer: { detector: { type: external, kind: moderation, model: mod, timeout_ms: 300 }, action: block, stage: output }
    watch-both: { detector: { type: external, kind: moderation, model: mod, timeout_ms: 300 }, action: warn, stage: both }
`);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const ask = (model: string, content = 'how do I bake bread?') => test.openai.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();
  const refused = (model: string) => ask(model).then(() => { throw new Error('expected a refusal'); }, (error: unknown) => error as InstanceType<typeof OpenAI.APIError>);
  const audit = (requestId: string | null | undefined) => findAuditRow<AuditRow>(test.url, requestId);

  it('a clean verdict lets the request through; the endpoint got the user text and the deployment’s model id', async () => {
    const { data } = await ask('open');
    expect(data.choices[0]!.message.content).toBe('echo: how do I bake bread?');
    const moderation = upstream.requests.find((request) => request.path === '/v1/moderations');
    expect(moderation?.body).toEqual({ model: 'omni-mod', input: 'how do I bake bread?' });
    expect(moderation?.headers.authorization).toBe('Bearer sk-upstream-not-a-secret');
  });

  it('flagged → blocked_by_guardrail naming the categories, the model never called', async () => {
    upstream.setBehaviorFor('omni-mod', { kind: 'ok', text: 'flagged:violence' });
    const error = await refused('open');
    expect(error.status).toBe(400);
    expect(error.code).toBe('blocked_by_guardrail');
    expect(error.message).toContain("guardrail 'moderated' (external: flagged: violence)");
    expect(upstream.requests.filter((request) => request.model === 'gpt-fake')).toHaveLength(0);
  });

  it('only the listed categories count', async () => {
    upstream.setBehaviorFor('omni-mod', { kind: 'ok', text: 'flagged:harassment' });
    await ask('strict');
    upstream.setBehaviorFor('omni-mod', { kind: 'ok', text: 'flagged:harassment,violence' });
    expect((await refused('strict')).message).toContain('flagged: violence');
  });

  it('slow: on_error allow serves the request and records the failure', async () => {
    upstream.setBehaviorFor('omni-mod', { kind: 'ok', latencyMs: 1_500 });
    const { response } = await ask('open');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt');
    const row = await audit(response.headers.get('x-switchyard-request-id'));
    expect(row.guardrails).toEqual([expect.objectContaining({ guardrail: 'moderated', action: 'allow', detail: 'no answer within 300 ms' })]);
  });

  it('down: on_error block refuses with the reason; a dropped connection too', async () => {
    upstream.setBehaviorFor('omni-mod', { kind: 'status', status: 503 });
    const error = await refused('strict');
    expect(error.status).toBe(400);
    expect(error.message).toContain('moderation endpoint answered 503');
    upstream.setBehaviorFor('omni-mod', { kind: 'drop' });
    expect((await refused('strict')).code).toBe('blocked_by_guardrail');
    upstream.setBehaviorFor('omni-mod', { kind: 'ok', latencyMs: 1_500 });
    expect((await refused('strict')).message).toContain('no answer within 300 ms');
  });

  it('a classifier model: "unsafe" blocks with the guardrail’s status, "safe" passes', async () => {
    upstream.setBehaviorFor('llama-guard', { kind: 'ok', text: 'unsafe\nS1' });
    const error = await refused('classified');
    expect(error.status).toBe(403);
    expect(error.message).toContain('flagged: S1');
    upstream.setBehaviorFor('llama-guard', { kind: 'ok', text: 'safe' });
    const { data } = await ask('classified');
    expect(data.choices[0]!.message.content).toBe('echo: how do I bake bread?');
  });

  const moderated = () => upstream.requests.filter((request) => request.path === '/v1/moderations').map((request) => (request.body as { input: string }).input);

  it('on the output: the whole answer is checked after the model answered; flagged → the answer is refused (its usage still settled)', async () => {
    const { data } = await ask('answers');
    expect(data.choices[0]!.message.content).toBe('echo: how do I bake bread?');
    expect(moderated()).toEqual(['echo: how do I bake bread?']); // the answer, not the question

    upstream.setBehaviorFor('omni-mod', { kind: 'ok', text: 'flagged:violence' });
    const error = await refused('answers');
    expect(error.status).toBe(400);
    expect(error.code).toBe('blocked_by_guardrail');
    expect(error.message).toContain("answer blocked by guardrail 'moderated-answer' (external: flagged: violence)");
    expect(upstream.requests.filter((request) => request.model === 'gpt-fake')).toHaveLength(2);
    const row = (await (await fetch(`${test.url}/admin/decisions?limit=100`)).json()) as { decisions: Array<AuditRow & { inputTokens?: number; stream: boolean }> };
    const refusedRow = row.decisions.find((decision) => decision.guardrails?.some((verdict) => verdict.guardrail === 'moderated-answer' && verdict.action === 'block'));
    expect(refusedRow?.guardrails).toEqual([{ guardrail: 'moderated-answer', detector: 'external', action: 'block', stage: 'output', matches: 1, detail: 'flagged: violence' }]);
    expect(refusedRow?.inputTokens).toBeGreaterThan(0);
  });

  it('on a streamed answer: held whole until the check answers; flagged → the stream ends with the error and no content went out', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'part one, part two', chunks: ['part one', ', part two'] });
    const stream = await test.openai.chat.completions.create({ model: 'answers', stream: true, messages: [{ role: 'user', content: 'tell me' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('part one, part two');
    expect(moderated()).toEqual(['part one, part two']);

    upstream.setBehaviorFor('omni-mod', { kind: 'ok', text: 'flagged:hate' });
    const blocked = await test.openai.chat.completions.create({ model: 'answers', stream: true, messages: [{ role: 'user', content: 'tell me' }] });
    const pieces: string[] = [];
    const failure = await (async () => {
      for await (const chunk of blocked) pieces.push(chunk.choices[0]?.delta.content ?? '');
    })().then(() => undefined, (error: unknown) => error as Error);
    expect(failure?.message).toContain("answer blocked by guardrail 'moderated-answer' (external: flagged: hate)");
    expect(pieces.join('')).toBe('');
    // Served, read whole and refused: its usage is settled like any answer's.
    const rows = (await (await fetch(`${test.url}/admin/decisions?limit=100`)).json()) as { decisions: Array<AuditRow & { inputTokens?: number; stream: boolean }> };
    const streamed = rows.decisions.find((decision) => decision.stream && decision.guardrails?.some((verdict) => verdict.action === 'block'));
    expect(streamed?.inputTokens).toBeGreaterThan(0);
  });

  it('stage both with warn: the question and the answer are each checked, both verdicts recorded, the answer served', async () => {
    upstream.setBehaviorFor('omni-mod', { kind: 'ok', text: 'flagged:harassment' });
    const { data, response } = await ask('watched', 'hello there');
    expect(data.choices[0]!.message.content).toBe('echo: hello there');
    expect(moderated()).toEqual(['hello there', 'echo: hello there']);
    const row = await audit(response.headers.get('x-switchyard-request-id'));
    expect(row.guardrails).toEqual([
      { guardrail: 'watch-both', detector: 'external', action: 'warn', stage: 'input', matches: 1, detail: 'flagged: harassment' },
      { guardrail: 'watch-both', detector: 'external', action: 'warn', stage: 'output', matches: 1, detail: 'flagged: harassment' },
    ]);
  });
});
