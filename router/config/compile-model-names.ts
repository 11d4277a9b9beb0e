import type { Deployment } from './deployment.ts';

/**
 * How a name in a request's `model` finds its router or model: exact names first, then
 * `<provider>/<model id>` for a provider with `passthrough_models: true`, then the glob patterns
 * among the router and model names (`claude-*`, `gpt-5*`, `?` for one character) — the routers' in
 * file order, then the models' — then `default_router`. Patterns are compiled once here, never per
 * request.
 */
export type ModelNamePattern = { pattern: string; regex: RegExp };

/** A provider that serves `<its name>/<model id>` requests: builds the deployment for one model id. */
export type PassthroughProvider = (name: string, providerModel: string) => Deployment;

export type ModelNames = {
  /** Glob patterns, in the order they are tried. */
  patterns: readonly ModelNamePattern[];
  /** The router or model for names nothing else matches. */
  defaultRouter: string | undefined;
  /** Providers with `passthrough_models: true`, by provider name. */
  passthrough: ReadonlyMap<string, PassthroughProvider>;
};

export function isNamePattern(name: string): boolean {
  return name.includes('*') || name.includes('?');
}

function globToRegExp(pattern: string): RegExp {
  const source = [...pattern].map((character) => {
    if (character === '*') return '.*';
    if (character === '?') return '.';
    return character.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  });
  return new RegExp(`^${source.join('')}$`, 's');
}

export function compileModelNames(
  routerNames: readonly string[],
  modelNames: readonly string[],
  defaultRouter: string | undefined,
  passthrough: ReadonlyMap<string, PassthroughProvider> = new Map(),
): ModelNames {
  const patterns = [...routerNames, ...modelNames].filter(isNamePattern).map((pattern) => ({ pattern, regex: globToRegExp(pattern) }));
  return { patterns, defaultRouter, passthrough };
}
