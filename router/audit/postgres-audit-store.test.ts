import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgresServer, NO_POSTGRES_REASON, postgresSettings, startPostgresServer, type TestPostgresServer } from '../../test/support/start-postgres-server.ts';
import { PostgresConnection } from '../state/postgres-connection.ts';
import type { PostgresStoreSettings } from '../config/compiled-config.ts';
import type { AuditRecord } from './audit-record.ts';
import { PostgresAuditStore } from './postgres-audit-store.ts';

const DAY = 86_400_000;

function record(overrides: Partial<AuditRecord>): AuditRecord {
  return {
    at: 10 * DAY, requestId: randomUUID(), status: 'success', httpStatus: 200, requestedModel: 'auto', router: 'auto', routerPath: ['auto'],
    decisions: [], attempts: [], latencyMs: 12, stream: false, clientFormat: 'openai-chat', ...overrides,
  };
}

describe.skipIf(!hasPostgresServer)(`PostgreSQL audit store${hasPostgresServer ? '' : ` (skipped: ${NO_POSTGRES_REASON})`}`, () => {
  let server: TestPostgresServer;
  let now = 10 * DAY;
  const warnings: string[] = [];
  const log = { warn: (_details: object, message: string) => void warnings.push(message), info: () => undefined };
  const opened: Array<{ store: PostgresAuditStore; connection: PostgresConnection }> = [];

  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    for (const { store, connection } of opened) {
      await store.close();
      await connection.close();
    }
    await server?.close();
  });

  const open = async (url: string, options: { replica?: string; settings?: Partial<PostgresStoreSettings>; store?: Partial<ConstructorParameters<typeof PostgresAuditStore>[0]> } = {}) => {
    const connection = new PostgresConnection(postgresSettings(url, { replica: options.replica ?? 'replica-a', ...options.settings }), { log, now: () => now });
    await connection.connect();
    const store = new PostgresAuditStore({ connection, log, retentionDays: 7, now: () => now, batchSize: 500, queueMax: 20_000, flushIntervalMs: 60_000, ...options.store });
    opened.push({ store, connection });
    return { store, connection };
  };
  const rowCount = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]?.n);
    } finally {
      await client.end();
    }
  };

  it('queues appends, writes them in batches, and a read sees every earlier row', async () => {
    const url = await server.createDatabase('audit_batches');
    const { store } = await open(url, { store: { batchSize: 2 } });
    for (const id of ['a', 'b', 'c']) store.append(record({ requestId: id }));
    expect(store.status()).toMatchObject({ queued: 3, written: 0 });
    expect((await store.query({})).map((row) => row.requestId)).toEqual(['c', 'b', 'a']);
    expect(store.status()).toEqual({ queued: 0, written: 3, dropped: 0 });
    expect(await rowCount(url)).toBe(3);
  });

  it('filters by router on the path, rule, status and time, newest first, and follows by id; rows carry their replica', async () => {
    const url = await server.createDatabase('audit_filters');
    const { store } = await open(url);
    store.append(record({ requestId: 'a', at: 10 * DAY, rule: 'high', routerPath: ['auto', 'premium'] }));
    store.append(record({ requestId: 'b', at: 10 * DAY + 5, status: 'error', httpStatus: 502, rule: 'high' }));
    store.append(record({ requestId: 'c', at: 10 * DAY + 9, router: 'other', routerPath: ['other'] }));
    const ids = async (filter: Parameters<typeof store.query>[0]) => (await store.query(filter)).map((row) => row.requestId);
    expect(await ids({})).toEqual(['c', 'b', 'a']);
    expect(await ids({ router: 'premium' })).toEqual(['a']);
    expect(await ids({ router: 'auto' })).toEqual(['b', 'a']);
    expect(await ids({ rule: 'high', status: 'error' })).toEqual(['b']);
    expect(await ids({ since: 10 * DAY + 5, until: 10 * DAY + 9 })).toEqual(['b']);
    expect(await ids({ limit: 1 })).toEqual(['c']);
    const [, , first] = await store.query({});
    expect(await ids({ afterId: first!.id! })).toEqual(['c', 'b']);
    expect(first).toMatchObject({ requestId: 'a', replica: 'replica-a', at: 10 * DAY, routerPath: ['auto', 'premium'], rule: 'high' });
  });

  it('two replicas write one log that either reads whole; a row written twice (an unconfirmed commit retried) is stored once', async () => {
    const url = await server.createDatabase('audit_replicas');
    const { store: first } = await open(url, { replica: 'one' });
    const { store: second } = await open(url, { replica: 'two' });
    const twice = record({ requestId: 'same' });
    first.append(record({ requestId: 'x', at: 10 * DAY + 1 }));
    second.append(record({ requestId: 'y', at: 10 * DAY + 2 }));
    first.append(twice);
    await first.flush();
    first.append(twice);
    await second.flush();
    const rows = await first.query({});
    expect(rows.map((row) => [row.requestId, row.replica]).sort()).toEqual([['same', 'one'], ['x', 'one'], ['y', 'two']]);
    expect((await second.query({})).map((row) => row.requestId)).toEqual(rows.map((row) => row.requestId));
  });

  it('keeps a row jsonb would refuse: a NUL character becomes U+FFFD, an escaped backslash before it stays', async () => {
    const url = await server.createDatabase('audit_nul');
    const { store } = await open(url);
    store.append(record({ requestId: 'nul', prompt: 'a\u0000b \\\u0000c' }));
    const [row] = await store.query({});
    expect(row?.prompt).toBe('a\uFFFDb \\\uFFFDc');
    expect(store.status().dropped).toBe(0);
  });

  it('prunes rows past retention in batches, leaving newer rows', async () => {
    const url = await server.createDatabase('audit_retention');
    const { store } = await open(url, { store: { pruneBatchSize: 2 } });
    for (let index = 0; index < 5; index++) store.append(record({ at: 4 * DAY + index }));
    store.append(record({ requestId: 'recent', at: 9 * DAY }));
    await store.flush();
    expect(await store.prune()).toBe(0);
    now = 12 * DAY;
    expect(await store.prune()).toBe(5);
    expect((await store.query({})).map((row) => row.requestId)).toEqual(['recent']);
    expect(await rowCount(url)).toBe(1);
    now = 10 * DAY;
  });

  // Last: it takes the server down.
  it('while the database is away, holds rows up to the bound, drops and counts the rest with one warning, and writes the held rows once it is back', async () => {
    const url = await server.createDatabase('audit_outage');
    const { store, connection } = await open(url, { store: { queueMax: 50, batchSize: 20, flushIntervalMs: 20 }, settings: { queryTimeoutMs: 500, connectTimeoutMs: 500 } });
    store.append(record({ requestId: 'before' }));
    await store.flush();
    await server.kill();
    warnings.length = 0;
    // The first failed write tells the connection the database is away.
    store.append(record({ requestId: 'during-0' }));
    await expect.poll(() => connection.available, { timeout: 5_000 }).toBe(false);
    for (let index = 1; index < 80; index++) store.append(record({ requestId: `during-${index}` }));
    expect(store.status()).toMatchObject({ queued: 50, written: 1, dropped: 30 });
    expect(warnings.filter((message) => message.startsWith('audit queue full'))).toHaveLength(1);
    expect(connection.status()).toMatchObject({ kind: 'postgres', available: false, outages: 1 });
    await server.restart();
    await expect.poll(() => store.status().written, { timeout: 10_000 }).toBe(51);
    expect(store.status()).toEqual({ queued: 0, written: 51, dropped: 30 });
    expect(await rowCount(url)).toBe(51);
    expect(connection.status().lastError).not.toContain(server.password);
  });
});
