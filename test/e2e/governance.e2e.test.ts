import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const ADMIN = 'admin-token-0123456789';
const STATIC_KEY = 'static-key-team-a-0001';

const config = `
store: { kind: memory }
server:
  admin_token: ${ADMIN}
  api_keys:
    - { key: ${STATIC_KEY}, name: team-a-app, project: team-a }
providers:
  local: { type: mock }
models:
  cheap-model:  { provider: local, model: mock-cheap, price: { input: 0.1, output: 0.1 } }
  gpt-mini:     { provider: local, model: mock-gpt-mini, price: { input: 0.1, output: 0.1 } }
  opus:         { provider: local, model: mock-opus, price: { input: 10000000, output: 10000000 } }
routers:
  smart:   { strategy: single, target: gpt-mini }
  cheap:   { strategy: single, target: cheap-model }
  premium: { strategy: single, target: opus }
projects:
  team-a:
    default_router: smart
    allowed: [smart, cheap, "gpt-*"]
    tags: { team: a }
  limited:
    limits: { rpm: 3 }
  spender:
    allowed: [premium, cheap]
    budget: { monthly_usd: 25, on_exhausted: block }
  streamer:
    allowed: [premium]
    budget: { monthly_usd: 25 }
  strict:
    allowed: [cheap]
  open: {}
  downgrader:
    allowed: [premium, cheap]
    budget: { monthly_usd: 25, on_exhausted: { route_to: cheap } }
`;

type KeyAnswer = { key: string; id: string; name: string; project: string; state: string };

describe('projects and virtual keys through the official SDKs', () => {
  let test: TestGateway;
  const logs: string[] = [];
  const issuedKeys: string[] = [];
  beforeAll(async () => {
    test = await startTestGateway(config, { logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } } });
  });
  afterAll(() => test.close());

  const client = (apiKey: string) => new OpenAI({ baseURL: `${test.url}/v1`, apiKey, maxRetries: 0 });
  const admin = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    fetch(`${test.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.token ?? ADMIN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const createKey = async (body: Record<string, unknown>): Promise<KeyAnswer> => {
    const response = await admin('/admin/keys', { method: 'POST', body });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as KeyAnswer;
    issuedKeys.push(answer.key);
    return answer;
  };
  const chat = (apiKey: string, model: string) => client(apiKey).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected an error');
      },
      (error: { status: number; code: string; message: string; headers: Headers }) => error,
    );

  it('refuses a router or model the project does not allow with 403 model_not_allowed, in each client format', async () => {
    const error = await failure(chat(STATIC_KEY, 'premium'));
    expect(error).toMatchObject({ status: 403, code: 'model_not_allowed' });
    expect(error.message).toContain("project 'team-a'");
    expect((await failure(chat(STATIC_KEY, 'opus'))).status).toBe(403);
    const anthropic = new Anthropic({ baseURL: test.url, apiKey: STATIC_KEY, maxRetries: 0 });
    const refused = await anthropic.messages.create({ model: 'premium', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).then(
      () => undefined,
      (caught: { status: number; error: unknown }) => caught,
    );
    expect(refused?.status).toBe(403);
    expect(refused?.error).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('serves allowed names and globs; the model list shows only them', async () => {
    expect((await chat(STATIC_KEY, 'cheap')).response.headers.get('x-switchyard-model')).toBe('cheap-model');
    expect((await chat(STATIC_KEY, 'gpt-mini')).response.headers.get('x-switchyard-model')).toBe('gpt-mini');
    const listed = (await client(STATIC_KEY).models.list()).data.map((model) => model.id).sort();
    expect(listed).toEqual(['cheap', 'gpt-mini', 'smart']);
  });

  it("sends an unknown model name to the project's default router", async () => {
    const { response, data } = await chat(STATIC_KEY, 'no-such-model');
    expect(response.headers.get('x-switchyard-router')).toBe('smart');
    expect(data.choices[0]?.message.content).toContain('[mock-gpt-mini]');
  });

  it('runs the key lifecycle: create → use → rotate → old key refused → revoke', async () => {
    const created = await createKey({ name: 'ci-bot', project: 'team-a', allowed: ['cheap'], tags: { app: 'ci' } });
    expect(created.key).toMatch(/^sy-[0-9a-f]{16}-/);
    expect(created.state).toBe('active');
    expect(created).not.toHaveProperty('digest');
    expect((await chat(created.key, 'cheap')).response.status).toBe(200);
    // The key narrows its project: smart is the project's, not the key's.
    expect(await failure(chat(created.key, 'smart'))).toMatchObject({ status: 403, code: 'model_not_allowed' });

    const listed = (await (await admin('/admin/keys')).json()) as { keys: Array<Record<string, unknown>> };
    const entry = listed.keys.find((key) => key.id === created.id);
    expect(entry).toMatchObject({ name: 'ci-bot', project: 'team-a', state: 'active' });
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(20));
    expect(JSON.stringify(listed)).not.toContain('digest');

    const rotated = (await (await admin(`/admin/keys/${created.id}/rotate`, { method: 'POST' })).json()) as KeyAnswer;
    issuedKeys.push(rotated.key);
    expect(rotated.id).toBe(created.id);
    expect(rotated.key).not.toBe(created.key);
    expect(await failure(chat(created.key, 'cheap'))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await chat(rotated.key, 'cheap')).response.status).toBe(200);

    const revoked = (await (await admin(`/admin/keys/${created.id}/revoke`, { method: 'POST' })).json()) as KeyAnswer;
    expect(revoked.state).toBe('revoked');
    const refused = await failure(chat(rotated.key, 'cheap'));
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(refused.message).toContain('revoked');
  });

  it('guards the key admin API with the admin token', async () => {
    expect((await admin('/admin/keys', { token: 'wrong-token-0123456789' })).status).toBe(401);
    expect((await fetch(`${test.url}/admin/keys`)).status).toBe(401);
    const bad = await admin('/admin/keys', { method: 'POST', body: { name: 'x', project: 'nope' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("unknown project 'nope'");
    const unknownField = await admin('/admin/keys', { method: 'POST', body: { name: 'x', project: 'team-a', colour: 'red' } });
    expect(unknownField.status).toBe(400);
  });

  it('refuses an expired key', async () => {
    const expired = await createKey({ name: 'old', project: 'team-a', expires_at: Date.now() - 1000 });
    const refused = await failure(chat(expired.key, 'cheap'));
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(refused.message).toContain('expired');
  });

  it('enforces a key rpm, then its project rpm, each named in a 429 rate_limited with retry-after', async () => {
    const narrow = await createKey({ name: 'narrow', project: 'limited', limits: { rpm: 2 } });
    expect((await chat(narrow.key, 'cheap')).response.status).toBe(200);
    expect((await chat(narrow.key, 'cheap')).response.status).toBe(200);
    const keyLimit = await failure(chat(narrow.key, 'cheap'));
    expect(keyLimit).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(keyLimit.message).toContain("key 'narrow' rate limit (rpm 2)");
    expect(Number(keyLimit.headers.get('retry-after'))).toBeGreaterThan(0);

    // The project (rpm 3) has counted the two above; a second key of it gets one call more.
    const other = await createKey({ name: 'other', project: 'limited' });
    expect((await chat(other.key, 'cheap')).response.status).toBe(200);
    const projectLimit = await failure(chat(other.key, 'cheap'));
    expect(projectLimit).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(projectLimit.message).toContain("project 'limited' rate limit (rpm 3)");
  });

  it('refuses a spent project budget with 429 budget_exceeded, and a key budget too', async () => {
    const spender = await createKey({ name: 'spender', project: 'spender' });
    // Every call costs far more than the budget: the first is served (spend is known after it), the next refused.
    expect((await chat(spender.key, 'premium')).response.status).toBe(200);
    const refused = await failure(chat(spender.key, 'premium'));
    expect(refused).toMatchObject({ status: 429, code: 'budget_exceeded' });
    expect(refused.message).toContain("project 'spender' budget (monthly_usd 25)");
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The whole project is spent, whatever it asks for.
    expect((await failure(chat(spender.key, 'cheap'))).code).toBe('budget_exceeded');

    const capped = await createKey({ name: 'capped', project: 'downgrader', budget: { monthly_usd: 1 } });
    expect((await chat(capped.key, 'premium')).response.status).toBe(200);
    const keyRefused = await failure(chat(capped.key, 'cheap'));
    expect(keyRefused).toMatchObject({ status: 429, code: 'budget_exceeded' });
    expect(keyRefused.message).toContain("key 'capped' budget");
  });

  it('downgrades a spent project to its on_exhausted router instead of refusing', async () => {
    const app = await createKey({ name: 'downgraded-app', project: 'downgrader' });
    // The 'capped' key above spent this project's budget already (project spend counts every key).
    const { response, data } = await chat(app.key, 'premium');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-router')).toBe('cheap');
    expect(response.headers.get('x-switchyard-model')).toBe('cheap-model');
    expect(data.choices[0]?.message.content).toContain('[mock-cheap]');
    // A name the project does not allow is still refused, spent or not.
    expect((await failure(chat(app.key, 'gpt-mini'))).code).toBe('model_not_allowed');
  });

  it('charges a streamed answer from its real usage: the next call of a spent project is refused', async () => {
    const streamer = await createKey({ name: 'streamer', project: 'streamer' });
    const stream = await client(streamer.key).chat.completions.create({ model: 'premium', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('[mock-opus]');
    expect(await failure(chat(streamer.key, 'premium'))).toMatchObject({ status: 429, code: 'budget_exceeded' });
  });

  it('refuses an unknown name to a project without a default router when its allow list does not cover it', async () => {
    const strict = await createKey({ name: 'strict', project: 'strict' });
    expect(await failure(chat(strict.key, 'some-unknown-model'))).toMatchObject({ status: 403, code: 'model_not_allowed' });
    // A project without an allow list gets the gateway's own answer for an unknown name.
    const open = await createKey({ name: 'probe', project: 'open' });
    expect(await failure(chat(open.key, 'some-unknown-model'))).toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('reports spend by project, key, model and router that equals the sum of the audit rows', async () => {
    const decisions = (await (await admin('/admin/decisions?limit=1000')).json()) as { decisions: Array<{ project?: string; keyId?: string; costUsd?: number; deployment?: string }> };
    const response = await admin('/admin/spend?group_by=project,key');
    expect(response.status).toBe(200);
    const report = (await response.json()) as { groups: Array<{ project: string | null; key: string | null; key_name: string | null; cost_usd: number; requests: number }>; total: { cost_usd: number; requests: number } };
    const auditTotal = decisions.decisions.reduce((sum, row) => sum + (row.costUsd ?? 0), 0);
    expect(report.total.requests).toBe(decisions.decisions.length);
    expect(report.total.cost_usd).toBeCloseTo(auditTotal, 6);
    const spenderRows = decisions.decisions.filter((row) => row.project === 'spender');
    const spenderGroup = report.groups.find((group) => group.project === 'spender');
    expect(spenderGroup?.cost_usd).toBeCloseTo(spenderRows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0), 6);
    expect(spenderGroup?.cost_usd).toBeGreaterThan(25);
    expect(spenderGroup?.key_name).toBe('spender');
    expect(report.groups.find((group) => group.key === 'static:team-a-app')?.project).toBe('team-a');
    const byModel = (await (await admin('/admin/spend?group_by=model,router')).json()) as { groups: Array<{ model: string | null; router: string | null }> };
    expect(byModel.groups).toContainEqual(expect.objectContaining({ model: 'cheap-model', router: 'cheap' }));
    expect((await admin('/admin/spend?group_by=colour')).status).toBe(400);
  });

  it('counts requests and spend per project in Prometheus, never per key', async () => {
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_project_requests_total\{project="team-a",status="success"\} [1-9]/m);
    expect(metrics).toMatch(/^switchyard_project_requests_total\{project="spender",status="rejected"\} [1-9]/m);
    expect(metrics).toMatch(/^switchyard_project_cost_usd_total\{project="spender"\} [1-9]/m);
    expect(metrics).not.toMatch(/key_?id|static:|sy-/);
    // The unknown name sent to the default router is not a label value.
    expect(metrics).not.toContain('no-such-model');
  });

  it('keeps every key out of logs, audit rows, metrics and error bodies', async () => {
    const decisions = await (await admin('/admin/decisions?limit=1000')).text();
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    const spend = await (await admin('/admin/spend?group_by=project,key,user,model,router')).text();
    const everything = [logs.join('\n'), decisions, metrics, spend];
    for (const key of [STATIC_KEY, ADMIN, ...issuedKeys]) {
      // The id part of a virtual key is not secret; its secret part must be nowhere.
      const secret = key.startsWith('sy-') ? key.slice(20) : key;
      for (const text of everything) expect(text).not.toContain(secret);
    }
    expect(issuedKeys.length).toBeGreaterThan(5);
  });
});
