import type { RawConfig } from '../config/config-schema.ts';
import { referencedTargets, targetName } from '../config/referenced-targets.ts';
import type { Capability } from '../signals/request-needs.ts';

/** A deployment a target can reach, and whether a router on the way turned `capability` off. */
export type ReachedDeployment = { name: string; deniedOnTheWay: boolean };

/**
 * Every deployment a target name can route to, through any strategy's targets (cycles are
 * rejected at load; a visited set guards anyway).
 */
export function reachableDeployments(raw: RawConfig, name: string, capability: Capability): ReachedDeployment[] {
  const found = new Map<string, ReachedDeployment>();
  const visit = (current: string, denied: boolean, seen: Set<string>) => {
    if (current in raw.models) {
      const previous = found.get(current);
      if (previous === undefined || (previous.deniedOnTheWay && !denied)) found.set(current, { name: current, deniedOnTheWay: denied });
      return;
    }
    const router = raw.routers[current];
    if (router === undefined || seen.has(current)) return;
    seen.add(current);
    const deniedHere = denied || router.capabilities?.[capability] === false;
    for (const { target } of referencedTargets(router)) visit(targetName(target), deniedHere, seen);
    seen.delete(current);
  };
  visit(name, false, new Set());
  return [...found.values()];
}
