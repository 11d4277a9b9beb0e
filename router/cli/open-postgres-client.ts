import pg from 'pg';
import type { PostgresStoreSettings } from '../config/compiled-config.ts';
import { secretsOfUrl } from '../state/postgres-connection.ts';

/** A CLI's one connection to the shared database; `scrub` takes the password out of a message. */
export async function openPostgresClient(settings: PostgresStoreSettings): Promise<{ client: pg.Client; scrub: (message: string) => string }> {
  const url = settings.url.reveal();
  const secrets = secretsOfUrl(url);
  const scrub = (message: string) => secrets.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), message);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: settings.connectTimeoutMs, application_name: 'switchyard cli' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach the postgres store: ${scrub((error as Error).message)}`, { cause: error });
  }
  return { client, scrub };
}
