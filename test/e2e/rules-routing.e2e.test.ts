import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** Saturday 21 November 2026, 23:30 UTC: inside the design example's night window. */
const NIGHT = Date.UTC(2026, 10, 21, 23, 30);

/**
 * The `auto` router of DESIGN.md, verbatim, over fake-upstream deployments. `smart` is a failover
 * stand-in here (the smart strategy and its scorer are tested on their own).
 */
function designConfig(upstream: FakeUpstream): string {
  return `
server: { timezone: UTC }
store: { kind: sqlite, path: audit/state.db }
defaults: { timeout_ms: 3000 }
circuit_breaker: { failure_threshold: 100, recovery_ms: 60000 }
providers:
  up: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-secret-000000000000" }
models:
  claude-sonnet-4.6: { provider: up, model: sonnet }
  gpt-5.4:           { provider: up, model: gpt-5.4, price: { input: 2, output: 10 } }
  gemini-2.5-pro:    { provider: up, model: gemini-pro }
  glm-5:             { provider: up, model: glm5, price: { input: 1, output: 3.2 } }
routers:
  smart:   { strategy: failover, targets: [claude-sonnet-4.6] }
  premium: { strategy: failover, targets: [claude-sonnet-4.6, { use: gpt-5.4, params: { temperature: 0.2 } }] }
  auto:
    strategy: rules             # first match wins, else default
    rules:
      - { if: "input_tokens > 100000", use: gemini-2.5-pro }
      - { if: "has_schema", use: gpt-5.4 }
      - { if: "monthly_spend_pct > 0.8", use: glm-5 }
      - { if: "tags.tier == 'free' and hour_local in [22, 23, 0, 1]", use: glm-5 }
      - { if: "$.metadata.priority == 'high'", use: premium }
    default: smart
`;
}

type Decision = { requestId: string; status: string; rule?: string; routerPath: string[]; deployment?: string; attempts: Array<{ deployment: string; outcome: string; status?: number }>; costUsd?: number; decisions: Array<{ router: string; detail?: Record<string, unknown> }> };

describe('rules: the DESIGN.md example, through the official openai client', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(designConfig(upstream), { now: () => NIGHT });
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const ask = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    test.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], ...body } as never, { headers }).withResponse();

  it('falls through to the default when no rule matches', async () => {
    const { response } = await ask({});
    expect(response.headers.get('x-switchyard-model')).toBe('claude-sonnet-4.6');
    expect(response.headers.get('x-switchyard-rule')).toBeNull();
  });

  it('routes a long prompt by input_tokens (first rule)', async () => {
    const { response } = await ask({ messages: [{ role: 'user', content: 'word '.repeat(90_000) }] });
    expect(response.headers.get('x-switchyard-model')).toBe('gemini-2.5-pro');
    expect(response.headers.get('x-switchyard-rule')).toBe('rules[0]');
  });

  it('routes structured output by has_schema', async () => {
    const { response } = await ask({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } } });
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-5.4');
    expect(response.headers.get('x-switchyard-rule')).toBe('rules[1]');
  });

  it('routes the free tier at night by tags and hour_local, and a matching earlier rule still wins', async () => {
    const free = await ask({}, { 'x-switchyard-tags': 'tier=free' });
    expect(free.response.headers.get('x-switchyard-model')).toBe('glm-5');
    expect(free.response.headers.get('x-switchyard-rule')).toBe('rules[3]');
    const both = await ask({ response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object' } } } }, { 'x-switchyard-tags': 'tier=free' });
    expect(both.response.headers.get('x-switchyard-rule')).toBe('rules[1]');
  });

  it('reads the body by JSONPath and nests rules → router → failover', async () => {
    upstream.setBehaviorFor('sonnet', { kind: 'status', status: 503 });
    const { response } = await ask({ metadata: { priority: 'high' } });
    expect(response.headers.get('x-switchyard-rule')).toBe('rules[4]');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-5.4');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    const last = upstream.requests.at(-1)!;
    expect(last.model).toBe('gpt-5.4');
    expect((last.body as { temperature?: number }).temperature).toBe(0.2);
  });

  it('writes audit rows for success, failover and all-failed to SQLite, and serves them at /admin/decisions', async () => {
    const ok = await ask({ response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object' } } } });
    upstream.setBehaviorFor('sonnet', { kind: 'status', status: 500 });
    const failover = await ask({ metadata: { priority: 'high' } });
    upstream.setBehaviorFor('gpt-5.4', { kind: 'status', status: 500 });
    const failed = await ask({ metadata: { priority: 'high' } }).catch((error: { status: number; headers: Headers }) => error);
    expect((failed as { status: number }).status).toBe(502);

    const listing = (await (await fetch(`${test.url}/admin/decisions?router=auto&limit=3`)).json()) as { store: string; decisions: Decision[] };
    expect(listing.store).toBe('sqlite');
    const [allFailed, failedOver, succeeded] = listing.decisions;
    expect(succeeded).toMatchObject({ requestId: ok.response.headers.get('x-switchyard-request-id'), status: 'success', rule: 'rules[1]', deployment: 'gpt-5.4', routerPath: ['auto'] });
    expect(succeeded!.costUsd).toBeGreaterThan(0);
    expect(failedOver).toMatchObject({ requestId: failover.response.headers.get('x-switchyard-request-id'), status: 'success', rule: 'rules[4]', deployment: 'gpt-5.4', routerPath: ['auto', 'premium'] });
    expect(failedOver!.attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.status])).toEqual([['claude-sonnet-4.6', 'failed', 500], ['gpt-5.4', 'success', undefined]]);
    expect(allFailed).toMatchObject({ status: 'error', rule: 'rules[4]', routerPath: ['auto', 'premium'] });
    expect(allFailed!.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed']);
    expect(allFailed!.decisions[0]!.detail).toMatchObject({ matched: 'rules[4]' });

    // The same rows are in the SQLite file, and no secret is.
    const db = new Database(join(test.configFile, '..', 'audit', 'state.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT status, rule, deployment, record FROM audit_log ORDER BY id DESC LIMIT 3').all() as Array<{ status: string; rule: string; deployment: string | null; record: string }>;
      expect(rows.map((row) => [row.status, row.rule, row.deployment])).toEqual([['error', 'rules[4]', null], ['success', 'rules[4]', 'gpt-5.4'], ['success', 'rules[1]', 'gpt-5.4']]);
      const everything = (db.prepare('SELECT record FROM audit_log').all() as Array<{ record: string }>).map((row) => row.record).join('\n');
      expect(everything).not.toContain('sk-upstream-secret');
      expect(everything).not.toContain('"prompt"');
    } finally {
      db.close();
    }

    const failedOnly = (await (await fetch(`${test.url}/admin/decisions?status=error&rule=rules[4]`)).json()) as { decisions: Decision[] };
    expect(failedOnly.decisions.every((decision) => decision.status === 'error' && decision.rule === 'rules[4]')).toBe(true);
    const bad = await fetch(`${test.url}/admin/decisions?status=maybe`);
    expect(bad.status).toBe(400);
  });

  it('counts matches, successes and errors per router and rule at /admin/stats', async () => {
    const stats = (await (await fetch(`${test.url}/admin/stats`)).json()) as {
      routers: Array<{ router: string; matches: number; errors: number; success_rate: number; p50_latency_ms: number }>;
      rules: Array<{ router: string; rule: string; matches: number; successes: number; errors: number }>;
    };
    const auto = stats.routers.find((row) => row.router === 'auto')!;
    expect(auto.matches).toBeGreaterThanOrEqual(9);
    expect(auto.errors).toBeGreaterThanOrEqual(1);
    expect(auto.p50_latency_ms).toBeGreaterThan(0);
    const highPriority = stats.rules.find((row) => row.router === 'auto' && row.rule === 'rules[4]')!;
    expect(highPriority).toMatchObject({ matches: 3, successes: 2, errors: 1 });
    expect(stats.rules.find((row) => row.rule === '(default)')?.matches).toBeGreaterThanOrEqual(1);
  });
});
