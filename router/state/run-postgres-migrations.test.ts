import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgresServer, NO_POSTGRES_REASON, startPostgresServer, type TestPostgresServer } from '../../test/support/start-postgres-server.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { MIGRATION_LOCK, runPostgresMigrations } from './run-postgres-migrations.ts';

const SWITCHYARD = join(import.meta.dirname, '..', '..', 'bin', 'switchyard.mjs');

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

describe.skipIf(!hasPostgresServer)(`PostgreSQL migrations${hasPostgresServer ? '' : ` (skipped: ${NO_POSTGRES_REASON})`}`, () => {
  let server: TestPostgresServer;
  let configFile: string;

  beforeAll(async () => {
    server = await startPostgresServer();
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-migrate-'));
    configFile = join(directory, 'switchyard.yaml');
    await writeFile(configFile, 'store: { kind: postgres, url: "${DATABASE_URL}" }\nproviders: {}\nmodels: {}\n');
  });
  afterAll(async () => server?.close());

  it('several processes and connections migrating one database at once apply each step exactly once', async () => {
    const url = await server.createDatabase('concurrent');
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        return client;
      }),
    );
    const [cli, inProcess] = await Promise.all([
      Promise.all(Array.from({ length: 3 }, () => runCli(['migrate', '--config', configFile], { DATABASE_URL: url }))),
      Promise.all(clients.map((client) => runPostgresMigrations(client))),
    ]);
    for (const run of cli) expect(run, run.stderr).toMatchObject({ code: 0 });
    for (const run of cli) expect(run.stderr).not.toContain(server.password);
    const appliedByCli = cli.flatMap((run) => [...run.stdout.matchAll(/applied ([\d, ]+)\)/g)].flatMap((match) => match[1]!.split(', ').map(Number)));
    const applied = [...inProcess.flatMap((outcome) => outcome.applied), ...appliedByCli].sort();
    expect(applied).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
    for (const outcome of inProcess) expect(outcome).toMatchObject({ version: POSTGRES_MIGRATIONS.length, ahead: false });
    const { rows } = await clients[0]!.query<{ version: number }>('SELECT version FROM switchyard_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
    const tables = await clients[0]!.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    expect(tables.rows.map((row) => row.table_name)).toEqual(['alert_claims', 'audit_log', 'budget_alerts', 'governed_spend', 'label_prompts', 'labels', 'spend_ledger', 'spend_pushes', 'sqlite_imports', 'switchyard_migrations', 'virtual_keys']);
    // Run again: nothing to do.
    expect(await runPostgresMigrations(clients[0]!)).toEqual({ applied: [], version: POSTGRES_MIGRATIONS.length, ahead: false });
    await Promise.all(clients.map((client) => client.end()));
  }, 120_000);

  it('a failing step rolls back and stops there; a database newer than the release is reported, not touched', async () => {
    const url = await server.createDatabase('failing');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const broken = [...POSTGRES_MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE half (id int); SELECT * FROM no_such_table' }];
    await expect(runPostgresMigrations(client, broken)).rejects.toThrow(/migration 99 \(broken\) failed: relation "no_such_table" does not exist/);
    const half = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half'");
    expect(half.rowCount).toBe(0);
    expect((await runPostgresMigrations(client)).version).toBe(POSTGRES_MIGRATIONS.length);
    await client.query("INSERT INTO switchyard_migrations (version, name) VALUES (100, 'from a newer release')");
    expect(await runPostgresMigrations(client)).toEqual({ applied: [], version: 100, ahead: true });
    // The lock is released after a failure too: another session can take it at once.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    expect((await other.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK])).rows[0]?.locked).toBe(true);
    await other.end();
    await client.end();
  });

  it('migrate refuses a config whose store is not postgres', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-migrate-'));
    const file = join(directory, 'switchyard.yaml');
    await writeFile(file, 'store: { kind: sqlite }\nproviders: {}\nmodels: {}\n');
    const run = await runCli(['migrate', '--config', file], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('migrations are for store.kind postgres');
  }, 120_000);
});
