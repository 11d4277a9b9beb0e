import type { Deployment } from '../../config/deployment.ts';
import type { RawShadow } from './shadow-schema.ts';

/** A router's compiled shadow settings; `candidates` are the router's candidates that are models. */
export type ShadowSettings = {
  router: string;
  fraction: number;
  judge: Deployment;
  candidates: readonly Deployment[];
  dailyBudgetUsd: number;
  concurrency: number;
  storePrompts: boolean;
  timeoutMs: number;
  maxOutputTokens: number;
};

type RawSmartWithShadow = { strategy: string; candidates?: readonly unknown[]; shadow?: RawShadow | undefined };

/**
 * Every router's `shadow:` block, compiled: the judge must be a chat model (not a router, not an
 * embedding model) with a price,
 * and so must the candidates shadowed (a router among the candidates is not shadowed), so the
 * daily budget bounds what is spent; at least two candidates must be models.
 */
export function compileShadowSettings(
  routers: Readonly<Record<string, RawSmartWithShadow>>,
  deployments: ReadonlyMap<string, Deployment>,
  issueAt: (path: Array<string | number>, message: string) => void,
): Map<string, ShadowSettings> {
  const compiled = new Map<string, ShadowSettings>();
  for (const [name, router] of Object.entries(routers)) {
    const shadow = router.shadow;
    if (shadow === undefined) continue;
    const judge = deployments.get(shadow.judge);
    if (judge === undefined) {
      issueAt(['routers', name, 'shadow', 'judge'], `the judge must be a model of the config; '${shadow.judge}' is not one (known: ${[...deployments.keys()].join(', ')})`);
      continue;
    }
    if (judge.kind === 'embedding') {
      issueAt(['routers', name, 'shadow', 'judge'], `the judge '${judge.name}' is an embedding model (kind: embedding): grading answers is a chat call it cannot take; name a chat model`);
      continue;
    }
    if (judge.price === undefined) issueAt(['routers', name, 'shadow', 'judge'], `the judge '${judge.name}' has no price (and the catalog knows none): daily_budget_usd could not bound it; set its price`);
    const candidates = (router.candidates ?? []).flatMap((candidate) => (typeof candidate === 'string' ? (deployments.get(candidate) ?? []) : []));
    if (candidates.length < 2) issueAt(['routers', name, 'shadow'], `shadow evaluation compares at least two candidates that are models; '${name}' has ${candidates.length}`);
    for (const candidate of candidates) {
      if (candidate.price === undefined) issueAt(['routers', name, 'shadow'], `candidate '${candidate.name}' has no price (and the catalog knows none): daily_budget_usd could not bound its shadow calls; set its price`);
    }
    compiled.set(name, {
      router: name,
      fraction: shadow.fraction,
      judge,
      candidates,
      dailyBudgetUsd: shadow.daily_budget_usd,
      concurrency: shadow.concurrency,
      storePrompts: shadow.store_prompts,
      timeoutMs: shadow.timeout_ms,
      maxOutputTokens: shadow.max_output_tokens,
    });
  }
  return compiled;
}
