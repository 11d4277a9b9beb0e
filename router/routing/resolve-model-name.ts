import type { CompiledConfig } from '../config/compiled-config.ts';

type ModelNameConfig = Pick<CompiledConfig, 'routers' | 'deployments' | 'modelNames'>;

/**
 * The router or model entry that names `requested` itself: exactly, else by the first matching glob
 * pattern. An empty name names nothing (not even a `*` pattern): only a default router serves it.
 */
export function matchModelName(config: ModelNameConfig, requested: string): string | undefined {
  if (requested === '') return undefined;
  if (config.routers.has(requested) || config.deployments.has(requested)) return requested;
  for (const { pattern, regex } of config.modelNames.patterns) if (regex.test(requested)) return pattern;
  return undefined;
}

/**
 * The config entry (router or model name, or the glob pattern that names it) a request's `model`
 * resolves to: the exact name, else the first matching pattern, else `default_router`; undefined
 * when none applies (a 404 `model_not_found`, or a 400 for an empty name: see errors/unresolved-model-error.ts).
 */
export function resolveModelName(config: ModelNameConfig, requested: string): string | undefined {
  return matchModelName(config, requested) ?? config.modelNames.defaultRouter;
}

