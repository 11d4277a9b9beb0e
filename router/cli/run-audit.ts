import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { formatAuditRecord } from '../audit/format-audit-record.ts';
import { resolveStorePath } from '../audit/open-audit-store.ts';
import type { AuditFilter, AuditRecord } from '../audit/audit-record.ts';
import { queryPostgresAuditLog, type RunStatement } from '../audit/query-postgres-audit-log.ts';
import { queryAuditLog } from '../audit/sqlite-audit-store.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { defaultConfigPath } from './default-config-path.ts';
import { openPostgresClient } from './open-postgres-client.ts';

const USAGE = `usage: switchyard audit tail [--config FILE] [-n N] [--follow] [--json]

  Prints the newest N (default 20) routed requests from the audit log (SQLite at the config's
  store.path, or the shared postgres database of every replica), oldest first; --follow keeps printing new ones as they are written; --json prints each record whole.
`;

const FOLLOW_POLL_MS = 500;
/** How far back (in ids) a follow poll of the shared postgres log looks for rows committed late. */
const FOLLOW_SLACK_IDS = 10_000;

/** `switchyard audit tail`: reads the audit log the gateway writes (read-only, safe while it runs). */
export async function runAudit(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'tail') {
    process.stderr.write(sub === undefined || sub === '--help' || sub === '-h' ? USAGE : `switchyard audit: unknown subcommand '${sub}'\n\n${USAGE}`);
    return sub === '--help' || sub === '-h' ? 0 : 1;
  }
  const { values } = parseArgs({
    args: rest,
    options: { config: { type: 'string', short: 'c' }, n: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' }, json: { type: 'boolean' } },
  });
  const count = values.n === undefined ? 20 : Number(values.n);
  if (!Number.isInteger(count) || count < 1) throw new Error(`-n must be a positive integer, got '${values.n}'`);
  const file = defaultConfigPath(values.config, process.env);
  let config;
  try {
    config = await loadConfigFile(file, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (config.store.kind === 'memory') {
    process.stderr.write(`switchyard audit: store.kind is memory, so the audit log lives inside the gateway: use GET /admin/decisions\n`);
    return 1;
  }
  const print = (records: AuditRecord[]) => {
    for (const record of records.reverse()) process.stdout.write(`${values.json ? JSON.stringify(record) : formatAuditRecord(record)}\n`);
  };
  if (config.store.kind === 'postgres') {
    const { client, scrub } = await openPostgresClient(config.store);
    const run: RunStatement = (statement, parameters) => client.query({ ...statement, values: parameters });
    try {
      return await tail((filter) => queryPostgresAuditLog(run, filter), count, values.follow === true, print, FOLLOW_SLACK_IDS);
    } catch (error) {
      throw new Error(scrub((error as Error).message), { cause: error });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const path = resolveStorePath(config);
  if (!existsSync(path)) {
    process.stderr.write(`switchyard audit: no audit log at ${path} yet (the gateway creates it on start)\n`);
    return 1;
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return await tail(async (filter) => queryAuditLog(db, filter), count, values.follow === true, print, 0);
  } finally {
    db.close();
  }
}

/**
 * Prints the newest `count` records, then (following) every newer one. With several writers
 * (replicas sharing postgres) ids are taken before commit, so a row may become visible after a
 * higher id did: each poll looks `slack` ids back and skips what it already printed.
 */
async function tail(read: (filter: AuditFilter) => Promise<AuditRecord[]>, count: number, follow: boolean, print: (records: AuditRecord[]) => void, slack: number): Promise<number> {
  const first = await read({ limit: count });
  print([...first]);
  if (!follow) return 0;
  let lastId = first.reduce((max, record) => Math.max(max, record.id ?? 0), 0);
  const printed = new Set(first.map((record) => record.id ?? 0));
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  while (!stopped) {
    await sleep(FOLLOW_POLL_MS);
    const fresh = (await read({ afterId: Math.max(0, lastId - slack), limit: 1000 })).filter((record) => !printed.has(record.id ?? 0));
    for (const record of fresh) {
      printed.add(record.id ?? 0);
      lastId = Math.max(lastId, record.id ?? 0);
    }
    for (const id of printed) if (id <= lastId - slack) printed.delete(id);
    print(fresh);
  }
  return 0;
}
