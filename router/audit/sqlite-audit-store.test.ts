import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from './audit-record.ts';
import { MemoryAuditStore } from './memory-audit-store.ts';
import { SqliteAuditStore } from './sqlite-audit-store.ts';

const DAY = 86_400_000;

function record(overrides: Partial<AuditRecord>): AuditRecord {
  return {
    at: 10 * DAY, requestId: 'r', status: 'success', httpStatus: 200, requestedModel: 'auto', router: 'auto', routerPath: ['auto'],
    decisions: [], attempts: [], latencyMs: 12, stream: false, clientFormat: 'openai-chat', ...overrides,
  };
}

describe('SQLite audit store', () => {
  let directory: string;
  let now = 10 * DAY;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-audit-'));
    now = 10 * DAY;
  });
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  const open = (options: Partial<ConstructorParameters<typeof SqliteAuditStore>[0]> = {}) =>
    new SqliteAuditStore({ path: join(directory, 'nested', 'state.db'), retentionDays: 7, now: () => now, flushIntervalMs: 60_000, ...options });
  const rowCount = () => {
    const db = new Database(join(directory, 'nested', 'state.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('buffers appends and writes them in one batch on its writer thread, in WAL mode', async () => {
    const store = open();
    store.append(record({ requestId: 'a' }));
    store.append(record({ requestId: 'b' }));
    expect(rowCount()).toBe(0);
    await store.flush();
    expect(rowCount()).toBe(2);
    const db = new Database(join(directory, 'nested', 'state.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await store.close();
  });

  it('sends a full batch to the writer on the next turn of the event loop, without waiting for the timer', async () => {
    const store = open({ batchSize: 3 });
    for (const id of ['a', 'b']) store.append(record({ requestId: id }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rowCount()).toBe(0);
    store.append(record({ requestId: 'c' }));
    // Nothing asks for a flush here: only the full batch makes the rows reach the database (the timer is a minute away).
    await vi.waitFor(() => expect(rowCount()).toBe(3), { timeout: 10_000, interval: 20 });
    await store.close();
  });

  it('filters by router on the path, rule, status and time, newest first, and follows by id', async () => {
    const store = open();
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
    await store.close();
  });

  it('prunes rows past retention, at open and when asked', async () => {
    const store = open();
    store.append(record({ requestId: 'old', at: 4 * DAY }));
    store.append(record({ requestId: 'new', at: 9 * DAY }));
    await store.flush();
    expect(await store.prune()).toBe(0);
    now = 10 * DAY + 2 * DAY;
    expect(await store.prune()).toBe(1);
    expect((await store.query({})).map((row) => row.requestId)).toEqual(['new']);
    await store.close();
    now = 30 * DAY;
    const reopened = open();
    expect(await reopened.query({})).toEqual([]);
    await reopened.close();
  });

  it('flushes what is buffered on close', async () => {
    const store = open();
    store.append(record({ requestId: 'last' }));
    await store.close();
    expect(rowCount()).toBe(1);
  });

  it('sees every earlier append on read, scan and get (the writer has caught up first)', async () => {
    const store = open();
    for (const id of ['a', 'b', 'c']) store.append(record({ requestId: id, at: 10 * DAY + id.charCodeAt(0) }));
    expect((await store.scan({ since: 0 })).map((row) => row.requestId)).toEqual(['a', 'b', 'c']);
    store.append(record({ requestId: 'd' }));
    expect((await store.get('d'))?.requestId).toBe('d');
    expect(await store.get('unknown')).toBeUndefined();
    await store.close();
  });
});

describe('memory audit store', () => {
  it('keeps the newest records in a ring, filtered and past retention dropped', async () => {
    let now = 10 * DAY;
    const store = new MemoryAuditStore({ capacity: 3, retentionDays: 1, now: () => now });
    for (const id of ['a', 'b', 'c', 'd']) store.append(record({ requestId: id, at: 10 * DAY, status: id === 'c' ? 'error' : 'success' }));
    expect((await store.query({})).map((row) => row.requestId)).toEqual(['d', 'c', 'b']);
    expect((await store.query({ status: 'error' })).map((row) => row.requestId)).toEqual(['c']);
    now = 12 * DAY;
    expect(await store.query({})).toEqual([]);
  });
});
