import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../router/cli/admin-api-client.ts';
import { runKeys } from '../../router/cli/run-keys.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const ADMIN = 'admin-token-0123456789';

const config = `
store: { kind: memory }
server:
  admin_token: ${ADMIN}
  api_keys: [{ key: static-key-0123456789, name: ops, project: team }]
providers:
  local: { type: mock }
models:
  cheap-model: { provider: local, model: mock-cheap, price: { input: 1000, output: 1000 } }
routers:
  cheap: { strategy: single, target: cheap-model }
projects:
  team:  { limits: { rpm: 50, tpm: 100000 }, budget: { monthly_usd: 10, alert_at: [0.5] } }
  other: {}
`;

type Counters = { rpm: { used: number | null; limit: number | null }; tpm: { used: number | null; limit: number | null }; spend: { month: string; usd: number; budget_usd: number | null; fraction: number | null } };
type UsageView = { month: string; projects: Array<Counters & { project: string }>; keys: Array<Counters & { id: string; name: string; kind: string; state: string; project: string | null; expires_at: string | null }> };

describe('GET /admin/usage and `switchyard keys usage`: live counters of projects and keys', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway(config);
  });
  afterAll(() => test.close());

  const admin = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${test.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const chat = (apiKey: string) => new OpenAI({ baseURL: `${test.url}/v1`, apiKey, maxRetries: 0 }).chat.completions.create({ model: 'cheap', messages: [{ role: 'user', content: 'hi' }] });

  it("shows this minute's requests and tokens and the month's spend, matching the spend report", async () => {
    const created = (await admin('/admin/keys', 'POST', { name: 'app', project: 'team', limits: { rpm: 7 }, budget: { monthly_usd: 5 }, expires_in_days: 30 })).body as { key: string; id: string };
    for (let call = 0; call < 3; call++) await chat(created.key);
    await chat('static-key-0123456789');

    const { status, body } = await admin('/admin/usage');
    expect(status).toBe(200);
    const view = body as unknown as UsageView;
    const report = (await admin('/admin/spend?group_by=key')).body as { groups: Array<{ key: string; requests: number; input_tokens: number; output_tokens: number; cost_usd: number }> };
    const reported = (id: string) => report.groups.find((group) => group.key === id)!;
    const appReport = reported(created.id);
    const opsReport = reported('static:ops');
    expect(appReport.requests).toBe(3);

    const team = view.projects.find((project) => project.project === 'team')!;
    expect(team.rpm).toEqual({ used: 4, limit: 50 });
    // The window holds the real tokens once each answer was settled.
    expect(team.tpm).toEqual({ used: appReport.input_tokens + appReport.output_tokens + opsReport.input_tokens + opsReport.output_tokens, limit: 100000 });
    expect(team.spend.usd).toBeCloseTo(appReport.cost_usd + opsReport.cost_usd, 9);
    expect(team.spend).toMatchObject({ month: view.month, budget_usd: 10 });
    expect(team.spend.fraction).toBeCloseTo(team.spend.usd / 10, 9);
    // Without limits no window counts: used is null, not a misleading 0.
    expect(view.projects.find((project) => project.project === 'other')).toMatchObject({ rpm: { used: null, limit: null }, tpm: { used: null, limit: null }, spend: { usd: 0, budget_usd: null, fraction: null } });

    const app = view.keys.find((key) => key.id === created.id)!;
    // An rpm-only window holds the real tokens too.
    expect(app).toMatchObject({ name: 'app', kind: 'virtual', state: 'active', project: 'team', rpm: { used: 3, limit: 7 }, tpm: { used: appReport.input_tokens + appReport.output_tokens, limit: null }, spend: { budget_usd: 5 } });
    expect(app.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(app.spend.usd).toBeCloseTo(appReport.cost_usd, 9);
    const ops = view.keys.find((key) => key.id === 'static:ops')!;
    expect(ops).toMatchObject({ kind: 'static', project: 'team', rpm: { used: null }, spend: { budget_usd: null } });
    expect(ops.spend.usd).toBeCloseTo(opsReport.cost_usd, 9);
    // Nothing secret in the view.
    expect(JSON.stringify(view)).not.toContain(created.key.slice(20));
    expect(JSON.stringify(view)).not.toContain('static-key-0123456789');

    // One project only; an unknown one is a 400 naming it.
    const scoped = (await admin('/admin/usage?project=other')).body as unknown as UsageView;
    expect(scoped.projects.map((project) => project.project)).toEqual(['other']);
    expect(scoped.keys).toEqual([]);
    const unknown = await admin('/admin/usage?project=nope');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("unknown project 'nope'");
    expect((await fetch(`${test.url}/admin/usage`)).status).toBe(401);

    let stdout = '';
    const io: CommandIo = { stdout: { write: (text) => void (stdout += text) }, stderr: { write: () => undefined }, environment: { SWITCHYARD_URL: test.url, SWITCHYARD_ADMIN_TOKEN: ADMIN } };
    expect(await runKeys(['usage', '--project', 'team'], io)).toBe(0);
    expect(stdout).toContain(`month ${view.month}`);
    expect(stdout).toMatch(/^project team {2}rpm 4\/50 {2}tpm \d+\/100000 {2}spend \$\d+\.\d{6} of \$10 \(\d+ %\)$/m);
    expect(stdout).toMatch(new RegExp(`^key ${created.id} {2}active {3}team/app {2}rpm 3/7 {2}tpm \\d+ {2}spend \\$\\d+\\.\\d{6} of \\$5 \\(\\d+ %\\)$`, 'm'));
    expect(stdout).toMatch(/^key static:ops {2}active {3}team\/ops {2}rpm - {2}tpm - {2}spend \$\d+\.\d{6}$/m);
  });
});
