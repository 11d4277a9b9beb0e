import type pg from 'pg';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './postgres-migrations.ts';

/** The advisory lock every replica takes to migrate ("switch" in ASCII): one migrates, the others wait. */
export const MIGRATION_LOCK = 0x73_77_69_74_63_68;

export type MigrationOutcome = {
  /** Versions this call applied (empty when another replica, or an earlier start, had). */
  applied: number[];
  /** The database's schema version now. */
  version: number;
  /** The database has steps this release does not know (a newer replica migrated it). */
  ahead: boolean;
};

/**
 * Brings the schema up to date. Safe when several replicas start at once: each takes the same
 * session-level advisory lock first, so one applies the missing steps (each in its own
 * transaction, recorded in `switchyard_migrations`) while the others wait, then find nothing left
 * to do. The lock goes with the session, so a replica that dies mid-migration releases it.
 */
export async function runPostgresMigrations(client: pg.ClientBase, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<MigrationOutcome> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS switchyard_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM switchyard_migrations')).rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO switchyard_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.version);
      done.add(migration.version);
    }
    const known = Math.max(0, ...migrations.map((migration) => migration.version));
    const version = Math.max(0, ...done);
    return { applied, version, ahead: version > known };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
  }
}
