import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { importSqliteState } from '../state/import-sqlite-state.ts';
import { runPostgresMigrations } from '../state/run-postgres-migrations.ts';
import { defaultConfigPath } from './default-config-path.ts';
import { openPostgresClient } from './open-postgres-client.ts';

const USAGE = `usage: switchyard migrate [--config FILE] [--from-sqlite FILE [--replica NAME]]

  Brings the schema of the config's postgres store (store.kind postgres) up to date; the gateway
  does the same at start, so this is for doing it ahead of a deploy. Safe beside running replicas.
  --from-sqlite FILE  then imports a SQLite state file (store.path of kind sqlite or redis): its
                      audit log, spend ledger, virtual keys and key and project spend,
                      once per file, in one transaction (keys already shared are kept).
  --replica NAME      the replica column of the imported audit rows (default sqlite:<FILE>).
`;

/** `switchyard migrate`: migrations (under the same advisory lock the gateway takes) and the SQLite import. */
export async function runMigrate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, 'from-sqlite': { type: 'string' }, replica: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config;
  try {
    config = await loadConfigFile(defaultConfigPath(values.config, process.env), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (config.store.kind !== 'postgres') {
    process.stderr.write(`switchyard migrate: store.kind is ${config.store.kind}; migrations are for store.kind postgres\n`);
    return 1;
  }
  const { client, scrub } = await openPostgresClient(config.store);
  try {
    const outcome = await runPostgresMigrations(client);
    const applied = outcome.applied.length === 0 ? 'nothing to apply' : `applied ${outcome.applied.join(', ')}`;
    process.stdout.write(`schema at version ${outcome.version} (${applied})${outcome.ahead ? '; the database is newer than this release' : ''}\n`);
    const from = values['from-sqlite'];
    if (from !== undefined) {
      const imported = await importSqliteState(client, from, values.replica ?? `sqlite:${from}`);
      process.stdout.write(`imported ${imported.source}: ${imported.auditRows} audit rows, ${imported.spendRows} spend rows, ${imported.keys} virtual keys, ${imported.governedSpendRows} key and project spend rows\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`switchyard migrate: ${scrub((error as Error).message)}\n`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}
