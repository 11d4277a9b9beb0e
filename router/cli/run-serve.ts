import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.ts';
import { createGateway } from '../runtime/create-gateway.ts';
import { defaultConfigPath } from './default-config-path.ts';

/** `switchyard serve`: load, listen, reload on file change and SIGHUP, drain on SIGINT/SIGTERM. */
export async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, port: { type: 'string', short: 'p' }, host: { type: 'string' } },
  });
  const file = defaultConfigPath(values.config, process.env);
  let gateway;
  try {
    gateway = await createGateway({ configFile: file });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { server } = gateway.services.holder.current.config;
  const port = values.port === undefined ? server.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, got '${values.port}'`);
  const address = await gateway.app.listen({ host: values.host ?? server.host, port });
  gateway.app.log.info(`switchyard listening on ${address} with ${file}`);

  process.on('SIGHUP', () => void gateway.reload());
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  gateway.app.log.info('shutting down: finishing in-flight requests');
  await gateway.close();
  return 0;
}
