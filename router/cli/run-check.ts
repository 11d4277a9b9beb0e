import { parseArgs } from 'node:util';
import { ConfigError, formatConfigIssue } from '../config/config-error.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { defaultConfigPath } from './default-config-path.ts';

/** `switchyard check`: validate and compile; print each problem as file:line:column: path: message. */
export async function runCheck(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' } } });
  const file = defaultConfigPath(values.config, process.env);
  try {
    const config = await loadConfigFile(file, process.env);
    process.stdout.write(`${file}: ok — ${config.providers.size} providers, ${config.deployments.size} models, ${config.routers.size} routers\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) process.stderr.write(`${formatConfigIssue(issue)}\n`);
    process.stderr.write(`${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} found\n`);
    return 1;
  }
}
