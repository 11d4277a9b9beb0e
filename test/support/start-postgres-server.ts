import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostgresStoreSettings } from '../../router/config/compiled-config.ts';
import { Secret } from '../../router/config/secret.ts';
import { freePort } from './start-redis-server.ts';

/** The newest Debian PostgreSQL binaries (`/usr/lib/postgresql/<major>/bin`), or a `postgres` on PATH. */
function findBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root).filter((entry) => /^\d+$/.test(entry)).sort((a, b) => Number(b) - Number(a));
    for (const major of majors) if (existsSync(join(root, major, 'bin', 'postgres'))) return join(root, major, 'bin');
  }
  const onPath = spawnSync('sh', ['-c', 'command -v postgres'], { encoding: 'utf8' });
  return onPath.status === 0 && onPath.stdout.trim() !== '' ? join(onPath.stdout.trim(), '..') : undefined;
}

const binaries = findBinaries();
/** Whether a PostgreSQL server can be started here; suites that need one skip (saying why) when not. */
export const hasPostgresServer = binaries !== undefined;
export const NO_POSTGRES_REASON = 'no PostgreSQL server binary (/usr/lib/postgresql/*/bin/postgres; CI installs the postgresql package in .ci/run)';

export type TestPostgresServer = {
  port: number;
  /** `postgresql://switchyard:PASSWORD@127.0.0.1:PORT/switchyard` */
  url: string;
  password: string;
  /** Stops it the way a crash does (immediate shutdown: no checkpoint, connections cut). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data (crash recovery runs). */
  restart(): Promise<void>;
  /** A fresh database on the same server, for a test that needs its own. */
  createDatabase(name: string): Promise<string>;
  close(): Promise<void>;
};

/** initdb refuses to run as root: the server then runs as the `postgres` system user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (lookup.status !== 0 || group.status !== 0) throw new Error('running as root needs a `postgres` system user to start PostgreSQL');
  return { uid: Number(lookup.stdout.trim()), gid: Number(group.stdout.trim()) };
}

function run(command: string, args: string[], user: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(command, args, { encoding: 'utf8', ...user });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

async function launch(bin: string, directory: string, port: number, user: { uid: number; gid: number } | undefined): Promise<ChildProcess> {
  const args = ['-D', join(directory, 'data'), '-k', directory, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'full_page_writes=off'];
  const child = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...user });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not start on ${port}:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}

async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/**
 * A real PostgreSQL server in a temp directory on 127.0.0.1 and a free port: user `switchyard`
 * with a random password (scram over TCP), database `switchyard`, fsync off. `close()` removes it.
 */
export async function startPostgresServer(options: { password?: string } = {}): Promise<TestPostgresServer> {
  if (binaries === undefined) throw new Error(NO_POSTGRES_REASON);
  const bin = binaries;
  const user = runAs();
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-pg-'));
  const password = options.password ?? `pg-${Math.random().toString(36).slice(2)}`;
  await writeFile(join(directory, 'password'), password);
  if (user !== undefined) {
    await chown(directory, user.uid, user.gid);
    await chown(join(directory, 'password'), user.uid, user.gid);
  }
  run(join(bin, 'initdb'), ['-D', join(directory, 'data'), '-U', 'switchyard', '--pwfile', join(directory, 'password'), '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync'], user);
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(bin, directory, port, user);
  const psql = (sql: string) => run(join(bin, 'psql'), ['-h', directory, '-p', String(port), '-U', 'switchyard', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], user);
  psql('CREATE DATABASE switchyard');
  const urlOf = (database: string) => `postgresql://switchyard:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url: urlOf('switchyard'),
    password,
    async kill() {
      await stop(child, 'SIGQUIT');
      child = undefined;
    },
    async restart() {
      await stop(child, 'SIGQUIT');
      child = await launch(bin, directory, port, user);
    },
    async createDatabase(name: string) {
      // A test that failed while the server was down must not take the next ones with it.
      if (child === undefined) child = await launch(bin, directory, port, user);
      psql(`CREATE DATABASE "${name}"`);
      return urlOf(name);
    },
    async close() {
      await stop(child, 'SIGQUIT');
      child = undefined;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Compiled `store.kind: postgres` settings for a store test (the config defaults, short intervals). */
export function postgresSettings(url: string, overrides: Partial<PostgresStoreSettings> = {}): PostgresStoreSettings {
  return {
    kind: 'postgres',
    url: new Secret(url),
    replica: undefined,
    poolSize: 4,
    connectTimeoutMs: 2_000,
    queryTimeoutMs: 2_000,
    syncMs: 50,
    auditQueueMax: 20_000,
    auditBatchSize: 500,
    auditFlushMs: 20,
    redis: undefined,
    ...overrides,
  };
}
