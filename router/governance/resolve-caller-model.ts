import type { CompiledConfig } from '../config/compiled-config.ts';
import { ModelNotAllowedError } from '../errors/model-not-allowed-error.ts';
import { ModelRequiredError } from '../errors/model-required-error.ts';
import { matchModelName } from '../routing/resolve-model-name.ts';
import type { Caller } from './caller.ts';

/** Where a governed request goes, and why (for the audit and the `x-switchyard-router` header). */
export type CallerModel = { name: string; source: 'requested' | 'project_default' | 'org_default' | 'budget_downgrade' };

/**
 * The router or model a caller's request is served by, inside its project:
 * - a name the config knows must be allowed by the project and by the key (else 403
 *   `model_not_allowed`); a direct model name keeps limits, guardrails and audit like a router;
 * - an unknown name goes to the project's `default_router` (always allowed), else it is
 *   left for the gateway's own resolution (globs, the org default, or 404) when the project and key
 *   allow the name itself (so a glob-matched name cannot slip past an allow list);
 * - an empty (or absent) name goes to the project's `default_router`, else the org's
 *   `default_router` when the project and key allow that router; with neither, a 400 on `model`;
 * - a project whose budget is spent with `on_exhausted: { route_to }` is served by that router,
 *   whatever was asked, once the name was allowed.
 */
export function resolveCallerModel(config: CompiledConfig, caller: Caller | undefined, requested: string, downgrade?: string): CallerModel {
  // Without a caller (a gateway without keys) too: the header and audit name the router that served it.
  if (requested === '') return emptyName(config, caller, downgrade);
  if (caller === undefined) return { name: requested, source: 'requested' };
  const project = caller.project;
  // A name a glob router or model matches is known too: it is served there, not by the project default.
  const known = matchModelName(config, requested) !== undefined;
  // Checked unless the project's own default router takes the name: a name the gateway resolves
  // some other way (a model-name glob, the org-level default) is served only when allowed too.
  const toProjectDefault = !known && project?.defaultRouter !== undefined;
  if (!toProjectDefault) {
    if (project?.allowed !== undefined && !project.allowed.allows(requested)) throw new ModelNotAllowedError(requested, `project '${project.name}'`);
    if (caller.allowed !== undefined && !caller.allowed.allows(requested)) throw new ModelNotAllowedError(requested, `key '${caller.name}'`);
  }
  if (downgrade !== undefined) return { name: downgrade, source: 'budget_downgrade' };
  if (!known && project?.defaultRouter !== undefined) return { name: project.defaultRouter, source: 'project_default' };
  return { name: requested, source: 'requested' };
}

/** An empty `model`: the project's default router, else the org's (checked against the allow lists like a name asked for). */
function emptyName(config: CompiledConfig, caller: Caller | undefined, downgrade: string | undefined): CallerModel {
  const project = caller?.project;
  let chosen: CallerModel;
  if (project?.defaultRouter !== undefined) chosen = { name: project.defaultRouter, source: 'project_default' };
  else if (config.modelNames.defaultRouter !== undefined) {
    const router = config.modelNames.defaultRouter;
    if (project?.allowed !== undefined && !project.allowed.allows(router)) throw new ModelNotAllowedError(router, `project '${project.name}'`);
    if (caller?.allowed !== undefined && !caller.allowed.allows(router)) throw new ModelNotAllowedError(router, `key '${caller.name}'`);
    chosen = { name: router, source: 'org_default' };
  } else throw new ModelRequiredError();
  return downgrade === undefined ? chosen : { name: downgrade, source: 'budget_downgrade' };
}
