import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** `--config`, else $SWITCHYARD_CONFIG, else ./switchyard.yaml, else the demo config. */
export function defaultConfigPath(given: string | undefined, environment: Readonly<Record<string, string | undefined>>): string {
  if (given !== undefined) return given;
  if (environment.SWITCHYARD_CONFIG) return environment.SWITCHYARD_CONFIG;
  if (existsSync('switchyard.yaml')) return 'switchyard.yaml';
  // `#config/…` is package.json's "imports" map: the same path from the sources and from dist/.
  return createRequire(import.meta.url).resolve('#config/demo.yaml');
}
