import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (creating its directory) one of the gateway's SQLite files for writing: WAL, so readers
 * (`/admin/decisions`, `switchyard audit tail`) never block the writer, and `synchronous = NORMAL`,
 * durable across a process crash. Applies `schema` (idempotent `CREATE … IF NOT EXISTS`).
 */
export function openSqliteDatabase(path: string, schema: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(schema);
  return db;
}
