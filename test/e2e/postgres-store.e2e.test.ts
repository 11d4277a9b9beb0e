import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../router/audit/audit-record.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { hasPostgresServer, NO_POSTGRES_REASON, startPostgresServer, type TestPostgresServer } from '../support/start-postgres-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const SWITCHYARD = join(import.meta.dirname, '..', '..', 'bin', 'switchyard.mjs');

type LimitsView = { providers: Array<{ provider: string; spend: { usd: number } }> };
type StoreView = { kind: string; available: boolean; outages: number; target: string; schema_version: number; audit: { queued: number; written: number; dropped: number }; unsynced_spend_usd: number };

function configFor(upstream: FakeUpstream, replica: string, store = `{ kind: postgres, url: "\${DATABASE_URL}", replica: ${replica}, sync_ms: 50, audit_flush_ms: 20, query_timeout_ms: 1000, connect_timeout_ms: 1000 }`): string {
  return `
store: ${store}
defaults: { retries: 0, timeout_ms: 2000 }
providers:
  metered: { type: openai-compatible, base_url: "${upstream.url}/v1", budget: { monthly_usd: 0.5, alert_at: [0.5] } }
  spare:   { type: openai-compatible, base_url: "${upstream.url}/v1" }
models:
  pricey: { provider: metered, model: pricey-model, price: { input: 100, output: 100 } }
  b:      { provider: spare, model: b-model }
routers:
  budget-chain: { strategy: failover, targets: [pricey, b] }
`;
}

function runCli(args: string[], environment: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SWITCHYARD, ...args], { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const ask = (gateway: TestGateway, model = 'budget-chain') => gateway.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }).withResponse();

describe.skipIf(!hasPostgresServer)(`store.kind postgres: replicas share one database${hasPostgresServer ? '' : ` (skipped: ${NO_POSTGRES_REASON})`}`, () => {
  let server: TestPostgresServer;
  let upstream: FakeUpstream;
  let replicas: TestGateway[] = [];
  const seen: string[] = [];

  const start = async (url: string, replica: string, config?: string) => {
    const gateway = await startTestGateway(config ?? configFor(upstream, replica), {
      environment: { DATABASE_URL: url },
      logger: { level: 'info', stream: { write: (line: string) => void seen.push(line) } },
    });
    replicas.push(gateway);
    return gateway;
  };
  const getText = async (gateway: TestGateway, path: string) => {
    const text = await (await fetch(`${gateway.url}${path}`)).text();
    seen.push(text);
    return text;
  };
  const getJson = async <T>(gateway: TestGateway, path: string) => JSON.parse(await getText(gateway, path)) as T;
  const logLines = (fragment: string) => seen.filter((line) => line.includes(fragment));
  const spendOf = async (gateway: TestGateway) => (await getJson<LimitsView>(gateway, '/admin/limits')).providers.find((entry) => entry.provider === 'metered')?.spend.usd;
  const count = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    server = await startPostgresServer();
    upstream = await startFakeUpstream();
  });
  afterEach(async () => {
    for (const gateway of replicas) {
      for (const path of ['/readyz', '/admin/store', '/admin/limits', '/admin/decisions', '/metrics']) await getText(gateway, path);
      await gateway.close();
    }
    replicas = [];
    upstream.reset();
    // The database password never shows: not in logs, error bodies, /readyz, /admin/* or /metrics.
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen.splice(0)) expect(text).not.toContain(server.password);
  });
  afterAll(async () => {
    await upstream?.close();
    await server?.close();
  });

  it('two replicas: one spend total, one budget alert, one audit log that /admin/decisions and `audit tail` read whole; a restarted replica keeps the month', async () => {
    const url = await server.createDatabase('replicas');
    const [first, second] = [await start(url, 'one'), await start(url, 'two')];
    expect(await getJson(first, '/readyz')).toMatchObject({ status: 'ready', store: { kind: 'postgres', available: true } });
    // 1,000 input tokens at $100 per million: $0.10 a call against a $0.50 budget.
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 1000, outputTokens: 0 } });
    for (const gateway of [first, second, first, second, first]) expect((await ask(gateway)).response.headers.get('x-switchyard-model')).toBe('pricey');
    for (const gateway of [first, second]) await expect.poll(() => spendOf(gateway)).toBeCloseTo(0.5, 6);
    for (const gateway of [second, first]) expect((await ask(gateway)).response.headers.get('x-switchyard-model')).toBe('b');
    await expect.poll(() => logLines('budget alert').length).toBe(1);

    // One audit log: either replica reads all seven rows, each with the replica that served it
    // (rows are written in batches off the request path: wait for the last batch).
    await expect.poll(async () => (await getJson<{ decisions: AuditRecord[] }>(second, '/admin/decisions?limit=50')).decisions.length).toBe(7);
    const decisions = await getJson<{ store: string; decisions: AuditRecord[] }>(second, '/admin/decisions?limit=50');
    expect(decisions.store).toBe('postgres');
    expect(decisions.decisions.map((row) => row.replica)).toEqual(['one', 'two', 'one', 'two', 'one', 'two', 'one']);
    expect(decisions.decisions[0]?.attempts[0]).toMatchObject({ deployment: 'pricey', outcome: 'skipped', reason: 'budget exhausted (monthly_usd 0.5)' });
    expect((await getJson<{ decisions: AuditRecord[] }>(first, '/admin/decisions?limit=50')).decisions.map((row) => row.requestId)).toEqual(decisions.decisions.map((row) => row.requestId));
    // The spend report reads the same shared log: both replicas' calls.
    const report = await getJson<{ store: string; total: { requests: number; cost_usd: number } }>(first, '/admin/spend?group_by=model');
    expect(report.store).toBe('postgres');
    expect(report.total.requests).toBe(7);
    expect(report.total.cost_usd).toBeCloseTo(0.5, 6);
    const tail = await runCli(['audit', 'tail', '--config', first.configFile, '-n', '50', '--json'], { DATABASE_URL: url });
    seen.push(tail.stdout, tail.stderr);
    expect(tail.code, tail.stderr).toBe(0);
    const tailed = tail.stdout.trim().split('\n').map((line) => JSON.parse(line) as AuditRecord);
    expect(tailed.map((row) => row.requestId)).toEqual(decisions.decisions.map((row) => row.requestId).reverse());

    // A replica restarted mid-month starts from the shared total.
    await first.close();
    replicas = replicas.filter((gateway) => gateway !== first);
    const third = await start(url, 'three');
    expect(await spendOf(third)).toBeCloseTo(0.5, 6);
    expect((await ask(third)).response.headers.get('x-switchyard-model')).toBe('b');
    expect(await count(url, 'SELECT sum(spend_usd) AS n FROM spend_ledger')).toBeCloseTo(0.5, 6);
  }, 120_000);

  it('keeps serving while the database is down, shows the outage, and writes every held audit row and all spend once it is back', async () => {
    const url = await server.createDatabase('outage');
    const [first, second] = [await start(url, 'one'), await start(url, 'two')];
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 100, outputTokens: 0 } }); // $0.01 a call
    for (const gateway of [first, second]) expect((await ask(gateway)).response.status).toBe(200);
    // Both the audit rows (flushed every 20 ms) and the spend (synced every 50 ms) are in before the
    // outage: only what is served while the database is down may be held.
    await expect.poll(() => count(url, 'SELECT count(*) AS n FROM audit_log')).toBe(2);
    await expect.poll(() => count(url, 'SELECT coalesce(sum(spend_usd), 0) AS n FROM spend_ledger')).toBeCloseTo(0.02, 6);
    await server.kill();
    for (let call = 0; call < 5; call++) {
      for (const gateway of [first, second]) expect((await ask(gateway)).response.status).toBe(200);
    }
    for (const gateway of [first, second]) {
      await expect.poll(async () => (await getJson<StoreView>(gateway, '/admin/store')).available, { timeout: 10_000 }).toBe(false);
      const readyz = await fetch(`${gateway.url}/readyz`);
      expect(readyz.status).toBe(200);
      expect(await readyz.json()).toMatchObject({ status: 'ready', store: { kind: 'postgres', available: false } });
      const store = await getJson<StoreView>(gateway, '/admin/store');
      expect(store).toMatchObject({ kind: 'postgres', outages: 1, target: `postgresql://127.0.0.1:${server.port}/outage`, audit: { queued: 5, written: 1, dropped: 0 } });
      expect(store.unsynced_spend_usd).toBeCloseTo(0.05, 6);
      const metrics = await getText(gateway, '/metrics');
      expect(metrics).toContain('switchyard_store_available{kind="postgres"} 0');
      expect(metrics).toContain('switchyard_store_outages_total{kind="postgres"} 1');
      expect(metrics).toContain('switchyard_audit_rows_queued 5');
      expect(metrics).toContain('switchyard_audit_rows_dropped_total 0');
    }
    expect(logLines('postgres store unavailable')).toHaveLength(2); // one per replica, not one per request

    await server.restart();
    for (const gateway of [first, second]) {
      await expect.poll(async () => (await getJson<StoreView>(gateway, '/admin/store')).available, { timeout: 15_000 }).toBe(true);
    }
    await expect.poll(() => count(url, 'SELECT count(*) AS n FROM audit_log'), { timeout: 10_000 }).toBe(12);
    await expect.poll(() => count(url, 'SELECT sum(spend_usd) AS n FROM spend_ledger'), { timeout: 10_000 }).toBeCloseTo(0.12, 6);
    for (const gateway of [first, second]) await expect.poll(() => spendOf(gateway)).toBeCloseTo(0.12, 6);
    expect(logLines('postgres store available again')).toHaveLength(2);
    expect((await getJson<StoreView>(first, '/admin/store')).audit).toEqual({ queued: 0, written: 6, dropped: 0 });
  }, 120_000);

  it('starts while the database is unreachable: serves, queues the audit row, and says so once', async () => {
    const url = await server.createDatabase('late');
    const unreachable = url.replace(`:${server.port}/`, ':1/');
    const gateway = await start(unreachable, 'late', configFor(upstream, 'late').replace('${DATABASE_URL}', unreachable));
    expect((await ask(gateway)).response.status).toBe(200);
    expect(await getJson(gateway, '/admin/store')).toMatchObject({ available: false, schema_version: 0, audit: { queued: 1 } });
    expect(logLines('postgres store unavailable')).toHaveLength(1);
  });

  it('imports a SQLite state file once (`switchyard migrate --from-sqlite`): its audit rows and spend join the shared ones', async () => {
    const url = await server.createDatabase('imported');
    const sqlite = await start(url, 'x', configFor(upstream, 'x', '{ kind: sqlite }'));
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 1000, outputTokens: 0 } });
    for (let call = 0; call < 3; call++) await ask(sqlite);
    await sqlite.close();
    replicas = replicas.filter((gateway) => gateway !== sqlite);
    const file = join(sqlite.configFile, '..', '.switchyard', 'state.db');

    const shared = await start(url, 'one');
    await ask(shared);
    const imported = await runCli(['migrate', '--config', shared.configFile, '--from-sqlite', file, '--replica', 'old-box'], { DATABASE_URL: url });
    seen.push(imported.stdout, imported.stderr);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('3 audit rows, 1 spend rows');
    await expect.poll(() => spendOf(shared)).toBeCloseTo(0.4, 6);
    const decisions = await getJson<{ decisions: AuditRecord[] }>(shared, '/admin/decisions');
    expect(decisions.decisions.map((row) => row.replica).sort()).toEqual(['old-box', 'old-box', 'old-box', 'one']);
    const again = await runCli(['migrate', '--config', shared.configFile, '--from-sqlite', file], { DATABASE_URL: url });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('was already imported');
    expect(await count(url, 'SELECT sum(spend_usd) AS n FROM spend_ledger')).toBeCloseTo(0.4, 6);
  }, 120_000);
});
