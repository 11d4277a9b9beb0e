import type { RawConfig } from '../config/config-schema.ts';
import type { ConfigLocator } from '../config/create-config-locator.ts';
import { formatPath } from '../config/config-error.ts';
import { loadModelCatalog, type ModelCatalog } from '../catalog/load-model-catalog.ts';
import type { ConfigFinding } from './config-finding.ts';
import { reachableDeployments } from './reachable-deployments.ts';

/**
 * A smart candidate (or a model a router candidate reaches) with neither a `price` nor a catalog
 * entry: the smart router cannot tell its cost, so it counts as free, and it gets the catalog's
 * median quality unless `quality` is set: it wins wherever cost counts.
 */
export function findSmartCandidateFindings(raw: RawConfig, file: string, locate: ConfigLocator, catalog: ModelCatalog = loadModelCatalog()): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  for (const [routerName, router] of Object.entries(raw.routers)) {
    if (router.strategy !== 'smart') continue;
    router.candidates.forEach((candidate, index) => {
      const unpriced = reachableDeployments(raw, candidate, 'streaming')
        .map(({ name }) => name)
        .filter((name) => raw.models[name]!.price === undefined && catalog.lookup(name) === undefined && catalog.lookup(raw.models[name]!.model) === undefined);
      for (const name of unpriced) {
        const model = raw.models[name]!;
        const path = ['routers', routerName, 'candidates', index];
        const position = locate(path);
        const through = name === candidate ? `smart candidate '${name}'` : `'${name}' (reached through smart candidate '${candidate}')`;
        const quality = model.quality === undefined ? 'the catalog median quality' : `quality ${model.quality}`;
        findings.push({
          file,
          line: position?.line,
          column: position?.column,
          path: formatPath(path),
          severity: 'warning',
          message: `${through} has no price and the catalog does not know '${model.model}': it is scored with ${quality} and no cost, so it looks free and wins whenever cost counts; set models.${name}.price${model.quality === undefined ? ' (and quality)' : ''}`,
        });
      }
    });
  }
  return findings;
}
