import type { CompiledConfig, Deployment } from '../config/compiled-config.ts';

type ModelNameConfig = Pick<CompiledConfig, 'routers' | 'deployments' | 'modelNames'>;

/**
 * `<provider>/<model id>` split at the first slash, when that provider has `passthrough_models: true`
 * and the id is not empty (a provider's own ids may hold slashes: `together/meta-llama/Llama-3`).
 */
function splitPassthroughName(config: ModelNameConfig, requested: string): { provider: string; providerModel: string } | undefined {
  const slash = requested.indexOf('/');
  if (slash <= 0 || slash === requested.length - 1) return undefined;
  const provider = requested.slice(0, slash);
  return config.modelNames.passthrough.has(provider) ? { provider, providerModel: requested.slice(slash + 1) } : undefined;
}

/**
 * The deployment a `<provider>/<model id>` name stands for (built per request: its price is the
 * catalog's for that id, its capabilities assumed, the provider's limits, budget and timeout), or
 * undefined when the name is not one (no such provider, or it does not pass model ids through).
 */
export function passthroughDeployment(config: ModelNameConfig, requested: string): Deployment | undefined {
  const split = splitPassthroughName(config, requested);
  if (split === undefined) return undefined;
  return config.modelNames.passthrough.get(split.provider)!(requested, split.providerModel);
}

/**
 * The router or model entry that names `requested` itself: exactly, else as `<provider>/<model id>`
 * of a pass-through provider (the name itself), else by the first matching glob pattern. An empty
 * name names nothing (not even a `*` pattern): only a default router serves it.
 */
export function matchModelName(config: ModelNameConfig, requested: string): string | undefined {
  if (requested === '') return undefined;
  if (config.routers.has(requested) || config.deployments.has(requested)) return requested;
  if (splitPassthroughName(config, requested) !== undefined) return requested;
  for (const { pattern, regex } of config.modelNames.patterns) if (regex.test(requested)) return pattern;
  return undefined;
}

/**
 * The config entry (router or model name, a pass-through `<provider>/<model id>`, or the glob
 * pattern that names it) a request's `model` resolves to: the exact name, else a pass-through name,
 * else the first matching pattern, else `default_router`; undefined when none applies (a 404
 * `model_not_found`, or a 400 for an empty name: see errors/unresolved-model-error.ts).
 */
export function resolveModelName(config: ModelNameConfig, requested: string): string | undefined {
  return matchModelName(config, requested) ?? config.modelNames.defaultRouter;
}
