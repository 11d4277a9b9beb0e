import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { AUDIT_INSERT, toAuditJson } from '../audit/postgres-audit-store.ts';
import type { AuditRecord } from '../audit/audit-record.ts';
import type { VirtualKeyRecord } from '../governance/virtual-key.ts';

export type SqliteImportOutcome = { source: string; auditRows: number; spendRows: number; keys: number; governedSpendRows: number };

const CHUNK = 1_000;

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Copies a SQLite state file (the audit log, the spend ledger, the virtual keys and the key and
 * project spend of `store.kind: sqlite`, or the per-replica audit log of `redis`) into the shared database, in one transaction: all of it or
 * nothing. Its rows keep their times and records, with `replica` as the replica name. A file is
 * imported once (recorded in `sqlite_imports` by its absolute path, so spend is never added
 * twice); audit rows already present (same request id) are skipped.
 */
export async function importSqliteState(client: pg.ClientBase, path: string, replica: string): Promise<SqliteImportOutcome> {
  const source = resolve(path);
  if (!existsSync(source)) throw new Error(`no SQLite file at ${source}`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await client.query('BEGIN');
    try {
      const claimed = await client.query('INSERT INTO sqlite_imports (source, audit_rows, spend_rows) VALUES ($1, 0, 0) ON CONFLICT (source) DO NOTHING', [source]);
      if (claimed.rowCount !== 1) {
        const { rows } = await client.query<{ imported_at: Date }>('SELECT imported_at FROM sqlite_imports WHERE source = $1', [source]);
        throw new Error(`${source} was already imported (${rows[0]?.imported_at.toISOString() ?? 'earlier'}); nothing done`);
      }
      let auditRows = 0;
      if (hasTable(db, 'audit_log')) {
        const select = db.prepare('SELECT id, record FROM audit_log WHERE id > ? ORDER BY id LIMIT ?');
        let lastId = 0;
        for (;;) {
          const rows = select.all(lastId, CHUNK) as Array<{ id: number; record: string }>;
          if (rows.length === 0) break;
          const records = rows.map((row) => JSON.parse(row.record) as AuditRecord);
          const result = await client.query({ ...AUDIT_INSERT, values: [toAuditJson(records), replica] });
          auditRows += result.rowCount ?? 0;
          lastId = rows[rows.length - 1]!.id;
        }
      }
      const spendRows = await addSpend(db, client, 'spend_ledger', 'provider');
      // Virtual keys (digests, never secrets): a key the shared database already has is kept as it
      // is there (it may have been rotated or revoked since), so only unknown ids are added.
      let keys = 0;
      if (hasTable(db, 'virtual_keys')) {
        const rows = db.prepare('SELECT record FROM virtual_keys ORDER BY rowid').all() as Array<{ record: string }>;
        for (const row of rows) {
          const record = JSON.parse(row.record) as VirtualKeyRecord;
          const added = await client.query(
            'INSERT INTO virtual_keys (id, project, created_at, record) VALUES ($1, $2, to_timestamp($3 / 1000.0), $4) ON CONFLICT (id) DO NOTHING',
            [record.id, record.project, record.createdAt, row.record],
          );
          keys += added.rowCount ?? 0;
        }
      }
      const governedSpendRows = await addSpend(db, client, 'governed_spend', 'account');
      await client.query('UPDATE sqlite_imports SET audit_rows = $2, spend_rows = $3 WHERE source = $1', [source, auditRows, spendRows + governedSpendRows]);
      await client.query('COMMIT');
      return { source, auditRows, spendRows, keys, governedSpendRows };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    db.close();
  }
}

/**
 * Adds a SQLite spend table (`provider, month, spend_usd`) to its shared counterpart, month by
 * month: `spend_ledger` (provider accounts) or `governed_spend` (`key:<id>`, `project:<name>`).
 */
async function addSpend(db: Database.Database, client: pg.ClientBase, table: 'spend_ledger' | 'governed_spend', column: 'provider' | 'account'): Promise<number> {
  if (!hasTable(db, table)) return 0;
  const rows = db.prepare(`SELECT provider, month, spend_usd FROM ${table}`).all() as Array<{ provider: string; month: string; spend_usd: number }>;
  for (const row of rows) {
    await client.query(
      `INSERT INTO ${table} (month, ${column}, spend_usd) VALUES ($1, $2, $3)
       ON CONFLICT (month, ${column}) DO UPDATE SET spend_usd = ${table}.spend_usd + excluded.spend_usd, updated_at = now()`,
      [row.month, row.provider, row.spend_usd],
    );
  }
  return rows.length;
}
