import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { formatAuditRecord } from '../audit/format-audit-record.ts';
import { resolveStorePath } from '../audit/open-audit-store.ts';
import { queryAuditLog } from '../audit/sqlite-audit-store.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { defaultConfigPath } from './default-config-path.ts';

const USAGE = `usage: switchyard audit tail [--config FILE] [-n N] [--follow] [--json]

  Prints the newest N (default 20) routed requests from the audit log at the config's store.path,
  oldest first; --follow keeps printing new ones as they are written; --json prints each record whole.
`;

const FOLLOW_POLL_MS = 500;

/** `switchyard audit tail`: reads the SQLite audit log the gateway writes (read-only, safe while it runs). */
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
  const path = resolveStorePath(config);
  if (!existsSync(path)) {
    process.stderr.write(`switchyard audit: no audit log at ${path} yet (the gateway creates it on start)\n`);
    return 1;
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const print = (records: ReturnType<typeof queryAuditLog>) => {
    for (const record of records.reverse()) process.stdout.write(`${values.json ? JSON.stringify(record) : formatAuditRecord(record)}\n`);
  };
  try {
    const first = queryAuditLog(db, { limit: count });
    print(first);
    if (!values.follow) return 0;
    let lastId = first.reduce((max, record) => Math.max(max, record.id ?? 0), 0);
    let stopped = false;
    const stop = () => (stopped = true);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    while (!stopped) {
      await sleep(FOLLOW_POLL_MS);
      const fresh = queryAuditLog(db, { afterId: lastId, limit: 1000 });
      if (fresh.length > 0) lastId = fresh[0]!.id ?? lastId;
      print(fresh);
    }
    return 0;
  } finally {
    db.close();
  }
}
