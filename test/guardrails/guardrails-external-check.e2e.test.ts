import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
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
guardrails:
  checks:
    moderated: { detector: { type: external, kind: moderation, model: mod, timeout_ms: 300, on_error: allow }, action: block }
    moderated-strict: { detector: { type: external, kind: moderation, model: mod, timeout_ms: 300, on_error: block, categories: [violence] }, action: block }
    classifier: { detector: { type: external, kind: classifier, model: guard, timeout_ms: 300 }, action: block, status: 403 }
`);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const ask = (model: string, content = 'how do I bake bread?') => test.openai.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();
  const refused = (model: string) => ask(model).then(() => { throw new Error('expected a refusal'); }, (error: unknown) => error as InstanceType<typeof OpenAI.APIError>);
  const audit = async (requestId: string | null | undefined): Promise<AuditRow> => {
    const rows = (await (await fetch(`${test.url}/admin/decisions?limit=100`)).json()) as { decisions: AuditRow[] };
    return rows.decisions.find((row) => row.requestId === requestId)!;
  };

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
});
