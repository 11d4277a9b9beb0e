import type { RawConfig } from '../config/config-schema.ts';
import { referencedTargets, targetName } from '../config/referenced-targets.ts';

export type EmbeddingConflict = { router: string; message: string };

/** Every model a router can reach, through nested routers (cycles are rejected before this runs; a visited set guards anyway). */
function reachableModels(raw: RawConfig, name: string, seen = new Set<string>()): string[] {
  if (name in raw.models) return [name];
  const router = raw.routers[name];
  if (router === undefined || seen.has(name)) return [];
  seen.add(name);
  return [...new Set(referencedTargets(router).flatMap(({ target }) => reachableModels(raw, targetName(target), seen)))];
}

/**
 * Routers that could never serve what their targets are for: one reaching both embedding models
 * (`kind: embedding`) and chat models (an embeddings request would skip every chat target, a chat
 * request every embedding one), and a smart router over embedding models (the scorer rates chat
 * prompts). Reported at load, so `switchyard check` names them.
 */
export function findEmbeddingConflicts(raw: RawConfig): EmbeddingConflict[] {
  const conflicts: EmbeddingConflict[] = [];
  for (const [name, router] of Object.entries(raw.routers)) {
    const models = reachableModels(raw, name);
    const embedding = models.filter((model) => raw.models[model]?.kind === 'embedding');
    if (embedding.length === 0) continue;
    const chat = models.filter((model) => raw.models[model]?.kind !== 'embedding');
    if (chat.length > 0) {
      conflicts.push({ router: name, message: `router '${name}' mixes embedding models (${embedding.join(', ')}) with models that cannot embed (${chat.join(', ')}): an embeddings request would skip the chat models and a chat request the embedding ones; give each its own router` });
    } else if (router.strategy === 'smart') {
      conflicts.push({ router: name, message: `router '${name}' is a smart router over embedding models (${embedding.join(', ')}): the scorer rates chat prompts; use failover, weighted, least-latency, lowest-cost or rules` });
    }
  }
  return conflicts;
}
