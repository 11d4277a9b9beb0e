import type { RawRouter } from '../../config/config-schema.ts';
import { loadModelCatalog, type ModelCatalog } from '../../catalog/load-model-catalog.ts';
import { resolveModelProfile, type ModelProfile } from '../../catalog/resolve-model-profile.ts';
import type { ScoreResult } from '../../scoring/scorer-client.ts';
import { estimateNonTextTokens } from '../../signals/estimate-input-tokens.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import { PolicyCompileError } from '../policy-compile-error.ts';
import type { RoutingChoice, RoutingContext, RoutingPolicy, TargetRef } from '../routing-types.ts';
import { boundaryMargin } from './smart-axis-presets.ts';
import { filterCandidates, requestNeeds } from './smart-filter-candidates.ts';
import { compileAxisResolver } from './smart-resolve-axis.ts';
import { rankCandidates, scoreCandidates } from './smart-score-candidates.ts';

type SmartRouter = Extract<RawRouter, { strategy: 'smart' }>;

/** Output tokens assumed for expected cost and time when the request sets no lower max_tokens. */
const expectedOutputTokens = 256;

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

export type SmartPolicy = RoutingPolicy & { readonly profiles: readonly ModelProfile[] };

/**
 * Smart routing: the scorer rates the prompt's difficulty; each candidate that can serve the
 * request gets a predicted quality (from its ability), an expected cost and time; the axis weighs
 * them. The plan is the winner, then the rest by score. No scorer, or a scorer that fails, times
 * out or is overloaded: the most capable candidates first, never an error.
 */
export function compileSmartPolicy(router: SmartRouter, context: PolicyCompileContext, catalog: ModelCatalog = loadModelCatalog()): SmartPolicy {
  const targets = new Map<string, TargetRef>();
  const profiles: ModelProfile[] = [];
  router.candidates.forEach((name, index) => {
    const target = context.toTarget(name);
    const deployment = context.deployments.get(name);
    if (target.kind !== 'model' || deployment === undefined) {
      throw new PolicyCompileError(`smart candidates must be models; '${name}' is a router`, ['candidates', index]);
    }
    if (targets.has(name)) throw new PolicyCompileError(`candidate '${name}' is listed twice`, ['candidates', index]);
    targets.set(name, target);
    profiles.push(resolveModelProfile(deployment, catalog));
  });
  const byAbility = [...profiles].sort((a, b) => b.ability - a.ability);
  const resolveAxis = compileAxisResolver(router);

  const choose = async (routing: RoutingContext): Promise<RoutingChoice> => {
    const { request, headers, health, memo } = routing;
    const { axis, weights, note } = resolveAxis(headers);
    const score: ScoreResult = await memo.score(routing.scorer);
    const needs = requestNeeds(request);
    // The scorer counts the message text exactly; tool definitions, images and per-message overhead
    // are estimated on top. Without a score, the whole request is estimated.
    const inputTokens = score.ok ? score.inputTokens + estimateNonTextTokens(request) : memo.inputTokens();
    const { eligible, excluded } = filterCandidates(byAbility, needs, inputTokens, health);
    const detail: Record<string, unknown> = { axis, weights, inputTokens, excluded };
    if (note !== undefined) detail.note = note;
    // Nothing can serve it: try the candidates anyway (most capable first) and let the upstream say why.
    const pool = eligible.length > 0 ? eligible : byAbility;
    if (eligible.length === 0) detail.noEligibleCandidate = true;

    if (!score.ok) {
      detail.fallback = { reason: score.reason, message: score.message };
      detail.chosen = pool[0]!.name;
      return { targets: pool.map((profile) => targets.get(profile.name)!), detail };
    }
    const outputTokens = Math.min(needs.maxTokens ?? expectedOutputTokens, expectedOutputTokens);
    const ranked = rankCandidates(scoreCandidates(pool, { logit: score.logit, slope: catalog.slope, inputTokens, outputTokens, weights }), boundaryMargin);
    Object.assign(detail, {
      complexity: round(score.complexity),
      logit: round(score.logit),
      scorerMs: round(score.ms, 3),
      chosen: ranked[0]!.name,
      candidates: ranked.map((candidate) => ({
        name: candidate.name,
        quality: round(candidate.quality),
        costUsd: candidate.costUsd === undefined ? null : round(candidate.costUsd, 7),
        seconds: candidate.seconds === undefined ? null : round(candidate.seconds, 3),
        score: round(candidate.score),
      })),
    });
    return { targets: ranked.map((candidate) => targets.get(candidate.name)!), complexity: score.complexity, detail };
  };

  return { strategy: 'smart', profiles, choose };
}
