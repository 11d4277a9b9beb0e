import { existsSync } from 'node:fs';

/** `--config`, else $SWITCHYARD_CONFIG, else ./switchyard.yaml, else the demo config. */
export function defaultConfigPath(given: string | undefined, environment: Readonly<Record<string, string | undefined>>): string {
  if (given !== undefined) return given;
  if (environment.SWITCHYARD_CONFIG) return environment.SWITCHYARD_CONFIG;
  if (existsSync('switchyard.yaml')) return 'switchyard.yaml';
  return new URL('../../config/demo.yaml', import.meta.url).pathname;
}
