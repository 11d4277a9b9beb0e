import type { CompiledConfig } from '../config/compiled-config.ts';
import type { ModelCatalog } from './load-model-catalog.ts';
import { catalogModelProfile, resolveModelProfile, type ModelProfile } from './resolve-model-profile.ts';

/** Profiles for model names given on a command line: a config model first, else a catalog model. */
export function resolveNamedProfiles(names: readonly string[], catalog: ModelCatalog, config?: Pick<CompiledConfig, 'deployments'>): ModelProfile[] {
  return names.map((name) => {
    const deployment = config?.deployments.get(name);
    const profile = deployment !== undefined ? resolveModelProfile(deployment, catalog) : catalogModelProfile(name, catalog);
    if (profile === undefined) {
      const known = [...(config?.deployments.keys() ?? []), ...catalog.entries.map((entry) => entry.name)];
      throw new Error(`unknown model '${name}' (neither in the config nor in models/catalog.yaml; known: ${known.join(', ')})`);
    }
    return profile;
  });
}
