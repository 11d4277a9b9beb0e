import type { RawConfig } from '../config/config-schema.ts';
import type { TargetRef } from '../routing/routing-types.ts';
import { compileNameAllowList, isNamePattern } from './compile-name-allow-list.ts';
import type { CompiledProject, GovernedBudget, StaticApiKey } from './compiled-project.ts';
import { digestSecret } from './digest-secret.ts';

export type ProjectIssue = { path: Array<string | number>; message: string };

type CompileContext = {
  /** Routers and models of the config. */
  routers: ReadonlySet<string>;
  models: ReadonlySet<string>;
  toTarget: (target: string) => TargetRef;
};

function compileBudget(raw: NonNullable<RawConfig['projects'][string]['budget']>): GovernedBudget {
  return {
    monthlyUsd: raw.monthly_usd,
    alertAt: raw.alert_at,
    onExhausted: raw.on_exhausted === 'block' ? { kind: 'block' } : { kind: 'route', router: raw.on_exhausted.route_to },
  };
}

/**
 * `projects:` → compiled projects, every reference checked: default and downgrade routers must be
 * routers, an allowed exact name must be a router or model, tier tables must name tier routers
 * and targets that exist. Problems are collected, not thrown, so the config reports all at once.
 */
export function compileProjects(raw: RawConfig, context: CompileContext, issues: ProjectIssue[]): Map<string, CompiledProject> {
  const projects = new Map<string, CompiledProject>();
  // `<provider>/<model id>` of a provider with `passthrough_models: true` is a name a request may use too.
  const isPassthroughName = (name: string) => {
    const slash = name.indexOf('/');
    return slash > 0 && slash < name.length - 1 && raw.providers[name.slice(0, slash)]?.passthrough_models === true;
  };
  const isTarget = (name: string) => context.routers.has(name) || context.models.has(name);
  const routerList = () => [...context.routers].join(', ') || 'none';
  for (const [name, project] of Object.entries(raw.projects)) {
    const at = (...path: Array<string | number>) => ['projects', name, ...path];
    if (project.default_router !== undefined && !context.routers.has(project.default_router)) {
      issues.push({ path: at('default_router'), message: `unknown router '${project.default_router}' (known: ${routerList()})` });
    }
    for (const [index, pattern] of (project.allowed ?? []).entries()) {
      if (!isNamePattern(pattern) && !isTarget(pattern) && !isPassthroughName(pattern)) issues.push({ path: at('allowed', index), message: `unknown model or router '${pattern}'` });
    }
    const onExhausted = project.budget?.on_exhausted;
    if (onExhausted !== undefined && onExhausted !== 'block' && !context.routers.has(onExhausted.route_to)) {
      issues.push({ path: at('budget', 'on_exhausted', 'route_to'), message: `unknown router '${onExhausted.route_to}' (known: ${routerList()})` });
    }
    const tierTables = new Map<string, Map<string, readonly TargetRef[]>>();
    for (const [router, table] of Object.entries(project.tiers ?? {})) {
      const strategy = raw.routers[router]?.strategy;
      if (strategy !== 'tier') {
        issues.push({ path: at('tiers', router), message: strategy === undefined ? `unknown router '${router}'` : `router '${router}' is not a tier router (strategy ${strategy})` });
        continue;
      }
      const compiled = new Map<string, readonly TargetRef[]>();
      for (const [tier, targets] of Object.entries(table)) {
        const missing = targets.findIndex((target) => !isTarget(target));
        if (missing >= 0) {
          issues.push({ path: at('tiers', router, tier, missing), message: `unknown model or router '${targets[missing]}'` });
          continue;
        }
        compiled.set(tier, Object.freeze(targets.map(context.toTarget)));
      }
      tierTables.set(router, compiled);
    }
    projects.set(name, {
      name,
      description: project.description,
      defaultRouter: project.default_router,
      allowed: project.allowed === undefined ? undefined : compileNameAllowList(project.allowed),
      tier: project.tier,
      tierTables,
      trustTierHeader: project.trust_tier_header,
      limits: project.limits,
      budget: project.budget === undefined ? undefined : compileBudget(project.budget),
      tags: project.tags ?? {},
    });
  }
  return projects;
}

/** `server.api_keys` → entries holding only each key's digest; a key naming an unknown project is an issue. */
export function compileStaticKeys(raw: RawConfig, projects: ReadonlyMap<string, CompiledProject>, issues: ProjectIssue[]): StaticApiKey[] | undefined {
  if (raw.server.api_keys === undefined) return undefined;
  return raw.server.api_keys.map((entry, index) => {
    if (entry.project !== undefined && !projects.has(entry.project)) {
      issues.push({ path: ['server', 'api_keys', index, 'project'], message: `unknown project '${entry.project}' (known: ${[...projects.keys()].join(', ') || 'none'})` });
    }
    return { name: entry.name, digest: digestSecret(entry.key), project: entry.project, tier: entry.tier, tags: entry.tags ?? {} };
  });
}
