import { spawn } from 'node:child_process';
import { join } from 'node:path';
import OpenAI from 'openai';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgresServer, NO_POSTGRES_REASON, startPostgresServer, type TestPostgresServer } from '../support/start-postgres-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const ADMIN = 'admin-token-0123456789';

const SWITCHYARD = join(import.meta.dirname, '..', '..', 'bin', 'switchyard.mjs');

function configFor(replica: string, store = `{ kind: postgres, url: "\${DATABASE_URL}", replica: ${replica}, sync_ms: 50, audit_flush_ms: 20, query_timeout_ms: 1000, connect_timeout_ms: 1000 }`): string {
  return `
store: ${store}
server: { admin_token: ${ADMIN} }
providers:
  local: { type: mock }
models:
  cheap-model: { provider: local, model: mock-cheap, price: { input: 0.1, output: 0.1 } }
  opus:        { provider: local, model: mock-opus, price: { input: 10000000, output: 10000000 } }
routers:
  cheap:   { strategy: single, target: cheap-model }
  premium: { strategy: single, target: opus }
projects:
  team: {}
  spender:
    budget: { monthly_usd: 25, alert_at: [0.5] }
`;
}

type Outcome = { status: number; code: string | undefined };

const chat = (gateway: TestGateway, key: string, model: string): Promise<Outcome> =>
  new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions
    .create({ model, messages: [{ role: 'user', content: 'hi' }] })
    .withResponse()
    .then(
      ({ response }) => ({ status: response.status, code: undefined }),
      (error: { status: number; code: string }) => ({ status: error.status, code: error.code }),
    );

describe.skipIf(!hasPostgresServer)(`store.kind postgres: virtual keys and key/project spend shared by replicas${hasPostgresServer ? '' : ` (skipped: ${NO_POSTGRES_REASON})`}`, () => {
  let server: TestPostgresServer;
  let replicas: TestGateway[] = [];
  const seen: string[] = [];

  const start = async (url: string, replica: string, config = configFor(replica)) => {
    const gateway = await startTestGateway(config, {
      environment: { DATABASE_URL: url },
      logger: { level: 'info', stream: { write: (line: string) => void seen.push(line) } },
    });
    replicas.push(gateway);
    return gateway;
  };
  const stop = async (gateway: TestGateway) => {
    await gateway.close();
    replicas = replicas.filter((other) => other !== gateway);
  };
  const admin = async (gateway: TestGateway, path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    seen.push(text);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> & { key: string; id: string } };
  };
  const sql = async <Row extends pg.QueryResultRow>(url: string, text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<Row>(text)).rows;
    } finally {
      await client.end();
    }
  };
  const budgetAlerts = () => seen.filter((line) => line.includes('budget alert'));

  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterEach(async () => {
    for (const gateway of replicas) await gateway.close();
    replicas = [];
    // Neither the database password nor a key's secret shows in logs or admin answers other than
    // the one that issued the key.
    for (const text of seen.splice(0)) expect(text).not.toContain(server.password);
  });
  afterAll(async () => server?.close());

  it('a key created on one replica works on the other at once; rotation and revocation hold on both; the table keeps only digests', async () => {
    const url = await server.createDatabase('keys');
    const [one, two] = [await start(url, 'one'), await start(url, 'two')];
    const created = await admin(one, '/admin/keys', 'POST', { name: 'shared', project: 'team', metadata: { owner: 'ops' } });
    expect(created.status).toBe(201);
    expect(await chat(two, created.body.key, 'cheap')).toEqual({ status: 200, code: undefined });

    const rotated = await admin(two, `/admin/keys/${created.body.id}/rotate`, 'POST');
    expect(rotated.status).toBe(200);
    expect(await chat(one, created.body.key, 'cheap')).toEqual({ status: 401, code: 'unauthorized' });
    expect(await chat(one, rotated.body.key, 'cheap')).toEqual({ status: 200, code: undefined });
    expect((await admin(one, `/admin/keys/${created.body.id}/revoke`, 'POST')).body).toMatchObject({ state: 'revoked' });
    expect(await chat(two, rotated.body.key, 'cheap')).toEqual({ status: 401, code: 'unauthorized' });

    // Both list the same keys, from the table.
    const second = await admin(two, '/admin/keys', 'POST', { name: 'other', project: 'team' });
    for (const gateway of [one, two]) {
      const listed = (await admin(gateway, '/admin/keys')).body as unknown as { keys: Array<{ id: string; name: string; state: string }> };
      expect(listed.keys.map((entry) => [entry.id, entry.name, entry.state])).toEqual([
        [created.body.id, 'shared', 'revoked'],
        [second.body.id, 'other', 'active'],
      ]);
    }
    const rows = await sql<{ id: string; project: string; record: string }>(url, 'SELECT id, project, record::text AS record FROM virtual_keys ORDER BY created_at');
    expect(rows.map((row) => [row.id, row.project])).toEqual([
      [created.body.id, 'team'],
      [second.body.id, 'team'],
    ]);
    for (const row of rows) for (const secret of [created.body.key, rotated.body.key, second.body.key]) expect(row.record).not.toContain(secret);
  }, 60_000);

  it('one project budget and one key budget for both replicas, one budget alert, and a restarted replica keeps the month', async () => {
    const url = await server.createDatabase('spend');
    const [one, two] = [await start(url, 'one'), await start(url, 'two')];
    const spenderKey = (await admin(one, '/admin/keys', 'POST', { name: 'spend', project: 'spender' })).body;
    const spender = spenderKey.key;
    // A key of its own budget in a project without one.
    const capped = (await admin(two, '/admin/keys', 'POST', { name: 'capped', project: 'team', budget: { monthly_usd: 25 } })).body;

    expect(await chat(one, spender, 'premium')).toEqual({ status: 200, code: undefined });
    expect(await chat(two, capped.key, 'premium')).toEqual({ status: 200, code: undefined });
    // The spend reaches the other replica within sync_ms and its read-back.
    await expect.poll(() => chat(two, spender, 'cheap'), { timeout: 5_000, interval: 50 }).toEqual({ status: 429, code: 'budget_exceeded' });
    await expect.poll(() => chat(one, capped.key, 'cheap'), { timeout: 5_000, interval: 50 }).toEqual({ status: 429, code: 'budget_exceeded' });

    const ledger = await sql<{ account: string; spend_usd: number }>(url, 'SELECT account, spend_usd FROM governed_spend ORDER BY account');
    expect(ledger.map((row) => row.account).sort()).toEqual([`key:${capped.id}`, `key:${spenderKey.id}`, 'project:spender', 'project:team'].sort());
    expect(ledger.find((row) => row.account === 'project:spender')!.spend_usd).toBeGreaterThanOrEqual(25);
    // The project crossed its 50 % line and the key its 50 % and 80 % (default alert_at) on one
    // replica; the other learnt the totals from the database: each alert once.
    await expect.poll(() => budgetAlerts().length).toBe(3);
    expect(budgetAlerts().filter((line) => line.includes("project 'spender' reached 50 %"))).toHaveLength(1);
    expect(budgetAlerts().filter((line) => line.includes(`key '${capped.id}' reached`))).toHaveLength(2);
    const claims = (await sql<{ claim: string }>(url, 'SELECT claim FROM alert_claims ORDER BY claim')).map((row) => row.claim.replace(/^budget:\d{4}-\d{2}:/, ''));
    expect(claims).toEqual([`key:${capped.id}:0.5`, `key:${capped.id}:0.8`, 'project:spender:0.5']);

    // A replica started afresh reads the month's spend from the database before serving.
    await stop(one);
    const three = await start(url, 'three');
    expect(await chat(three, spender, 'cheap')).toEqual({ status: 429, code: 'budget_exceeded' });
    expect(await chat(three, capped.key, 'cheap')).toEqual({ status: 429, code: 'budget_exceeded' });
  }, 60_000);

  it("a key near expiry alerts once across replicas; /admin/usage on either shows both replicas' spend", async () => {
    const url = await server.createDatabase('usage');
    const [one, two] = [await start(url, 'one'), await start(url, 'two')];
    const expiring = (await admin(one, '/admin/keys', 'POST', { name: 'expiring', project: 'spender', expires_in_days: 2 })).body;
    for (const gateway of [one, two, one, two]) expect(await chat(gateway, expiring.key, 'cheap')).toEqual({ status: 200, code: undefined });
    // Default key_expiry_days is 7: the first use on each replica tries to claim; one wins.
    const keyAlerts = () => seen.filter((line) => line.includes('key alert'));
    await expect.poll(async () => (await sql<{ claim: string }>(url, 'SELECT claim FROM alert_claims')).map((row) => row.claim)).toEqual([`key-expiry:${expiring.id}:${expiring.expiresAt as number}`]);
    await expect.poll(() => keyAlerts().length).toBe(1);
    expect(keyAlerts()[0]).toContain(`key 'expiring' (${expiring.id}) of project 'spender' expires at`);

    type UsageView = { projects: Array<{ project: string; spend: { usd: number; budget_usd: number | null } }>; keys: Array<{ id: string; spend: { usd: number } }> };
    const spentOn = async (gateway: TestGateway) => {
      const view = (await admin(gateway, '/admin/usage?project=spender')).body as unknown as UsageView;
      const round = (usd: number | undefined) => Number((usd ?? 0).toFixed(9));
      return { project: round(view.projects[0]?.spend.usd), key: round(view.keys.find((key) => key.id === expiring.id)?.spend.usd) };
    };
    // The four calls' cost, from the shared audit log, is what either replica shows once spend was pushed and read back.
    type SpendReport = { groups: Array<{ key: string; requests: number; cost_usd: number }> };
    const reported = async () => ((await admin(one, '/admin/spend?group_by=key')).body as unknown as SpendReport).groups.find((group) => group.key === expiring.id);
    await expect.poll(async () => (await reported())?.requests).toBe(4);
    const total = Number((await reported())!.cost_usd.toFixed(9));
    expect(total).toBeGreaterThan(0);
    for (const gateway of [one, two]) await expect.poll(() => spentOn(gateway)).toEqual({ project: total, key: total });
  }, 60_000);

  it('while the database is down a key a replica has seen keeps working, an unseen one is refused, key admin answers 503; spend lands once it is back', async () => {
    const url = await server.createDatabase('outage');
    const [one, two] = [await start(url, 'one'), await start(url, 'two')];
    const seenKey = (await admin(one, '/admin/keys', 'POST', { name: 'seen', project: 'team' })).body;
    const unseenKey = (await admin(one, '/admin/keys', 'POST', { name: 'unseen', project: 'team' })).body;
    expect(await chat(two, seenKey.key, 'cheap')).toEqual({ status: 200, code: undefined });
    const keySpend = async () => Number((await sql<{ spend_usd: number }>(url, `SELECT spend_usd FROM governed_spend WHERE account = 'key:${seenKey.id}'`))[0]?.spend_usd ?? 0);
    await expect.poll(keySpend).toBeGreaterThan(0);
    const oneCall = await keySpend();

    await server.kill();
    try {
      expect(await chat(two, seenKey.key, 'cheap')).toEqual({ status: 200, code: undefined });
      expect(await chat(two, unseenKey.key, 'cheap')).toEqual({ status: 401, code: 'unauthorized' });
      const refused = await admin(two, '/admin/keys', 'POST', { name: 'late', project: 'team' });
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: 'store_unavailable' } });
      expect((await admin(two, '/admin/keys')).status).toBe(503);
      expect((await admin(two, '/admin/store')).body).toMatchObject({ available: false });
    } finally {
      await server.restart();
    }
    await expect.poll(async () => (await admin(two, '/admin/store')).body.available, { timeout: 15_000 }).toBe(true);
    // The call served during the outage was held in memory and is pushed once: two calls' worth.
    await expect.poll(keySpend, { timeout: 10_000 }).toBeCloseTo(2 * oneCall, 12);
    expect((await admin(two, '/admin/store')).body).toMatchObject({ unsynced_spend_usd: 0 });
    expect(await chat(one, unseenKey.key, 'cheap')).toEqual({ status: 200, code: undefined });
  }, 90_000);

  it('`migrate --from-sqlite` brings a SQLite gateway\'s virtual keys and key and project spend along: the keys work on the shared replicas, their month is kept', async () => {
    const url = await server.createDatabase('imported');
    const sqlite = await start(url, 'x', configFor('x', '{ kind: sqlite }'));
    const key = (await admin(sqlite, '/admin/keys', 'POST', { name: 'old', project: 'spender' })).body;
    expect(await chat(sqlite, key.key, 'premium')).toEqual({ status: 200, code: undefined }); // over the project's $25
    expect(await chat(sqlite, key.key, 'cheap')).toEqual({ status: 429, code: 'budget_exceeded' });
    await stop(sqlite);

    const shared = await start(url, 'one');
    expect(await chat(shared, key.key, 'cheap')).toEqual({ status: 401, code: 'unauthorized' }); // not imported yet
    const file = join(sqlite.configFile, '..', '.switchyard', 'state.db');
    const imported = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [SWITCHYARD, 'migrate', '--config', shared.configFile, '--from-sqlite', file], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
    seen.push(imported.stdout, imported.stderr);
    expect(imported.code, imported.stderr).toBe(0);
    // One key; its spend and its project's: two governed rows.
    expect(imported.stdout).toContain('1 virtual keys, 2 key and project spend rows');
    const rows = await sql<{ record: string }>(url, 'SELECT record::text AS record FROM virtual_keys');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.record).not.toContain(key.key);

    // The imported key authenticates on a replica that never saw it, and the project's spent month came with it.
    const fresh = await start(url, 'two');
    await expect.poll(() => chat(fresh, key.key, 'cheap'), { timeout: 5_000, interval: 50 }).toEqual({ status: 429, code: 'budget_exceeded' });
    const usage = (await admin(fresh, '/admin/usage?project=spender')).body as unknown as { projects: Array<{ spend: { usd: number } }>; keys: Array<{ id: string; spend: { usd: number } }> };
    expect(usage.projects[0]!.spend.usd).toBeGreaterThanOrEqual(25);
    expect(usage.keys.find((entry) => entry.id === key.id)?.spend.usd).toBeGreaterThanOrEqual(25);
  }, 60_000);
});
