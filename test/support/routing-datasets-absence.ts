import { resolveDatasetsDirectory } from '../../datasets/resolve-datasets-directory.ts';

/**
 * Why the routing datasets cannot be used here, or undefined when they can. They live outside the
 * repository (`../shared/datasets` or `$SWITCHYARD_DATASETS`), so a fresh clone has none: the tests
 * that read them skip, saying so, unless `SWITCHYARD_REQUIRE_DATASETS=1` (set by `.ci/run`), which
 * turns their absence into a failure.
 */
export function routingDatasetsAbsence(environment: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    resolveDatasetsDirectory(environment);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (environment.SWITCHYARD_REQUIRE_DATASETS === '1') throw new Error(`${reason} (SWITCHYARD_REQUIRE_DATASETS=1: the datasets are required)`);
    return `${reason}; set SWITCHYARD_DATASETS to run this test`;
  }
}
