import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/** The repository root, found through package.json's "imports" map (never from the cwd; same from dist/). */
const repositoryRoot = dirname(createRequire(import.meta.url).resolve('#package.json'));

/**
 * Where the routing datasets live: `$SWITCHYARD_DATASETS` when set, else `../shared/datasets`
 * beside the repository. The data is never copied into the repository.
 */
export function resolveDatasetsDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  const fromEnvironment = environment.SWITCHYARD_DATASETS;
  const directory = fromEnvironment ? resolve(fromEnvironment) : resolve(repositoryRoot, '..', 'shared', 'datasets');
  if (!existsSync(directory)) {
    const hint = fromEnvironment ? 'SWITCHYARD_DATASETS points to' : 'SWITCHYARD_DATASETS is unset and the default is';
    throw new Error(`routing datasets not found: ${hint} ${directory}`);
  }
  return directory;
}
