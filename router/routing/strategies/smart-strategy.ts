import type { RawRouter } from '../../config/config-schema.ts';
import { loadModelCatalog, type ModelCatalog } from '../../catalog/load-model-catalog.ts';
import { resolveModelProfile, type ModelProfile } from '../../catalog/resolve-model-profile.ts';
import { taskText } from '../../scoring/prompt-text.ts';
import type { ScoreResult } from '../../scoring/scorer-client.ts';
import { estimateNonTextTokens } from '../../signals/estimate-input-tokens.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import { PolicyCompileError } from '../policy-compile-error.ts';
import type { HealthView, RoutingChoice, RoutingContext, RoutingPolicy, TargetRef } from '../routing-types.ts';
import { boundaryMargin } from './smart-axis-presets.ts';
import { smartCandidateDeployments } from './smart-candidate-deployments.ts';
import { filterCandidates, requestNeeds, type Exclusion, type RequestNeeds } from './smart-filter-candidates.ts';
import { irtPairGain } from './smart-pair-gain.ts';
import { compileAxisResolver } from './smart-resolve-axis.ts';
import { rankCandidates, scoreCandidates, type CandidateScore } from './smart-score-candidates.ts';
import { createShareDecider } from './smart-share-decision.ts';

type SmartRouter = Extract<RawRouter, { strategy: 'smart' }>;

/** Output tokens assumed for expected cost and time when the request sets no lower max_tokens. */
const expectedOutputTokens = 256;

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

/**
 * One candidate: a model, or a router scored by the deployment it would try first. `options` are
 * that router's deployments in its own order; each profile carries the candidate's name.
 */
type Candidate = {
  readonly name: string;
  readonly target: TargetRef;
  readonly options: ReadonlyArray<{ readonly deployment: ModelProfile; readonly asCandidate: ModelProfile }>;
};

/** A candidate that can serve this request, as the deployment it would try first. */
type Eligible = { readonly candidate: Candidate; readonly profile: ModelProfile; readonly via: string };

export type SmartPolicy = RoutingPolicy & { readonly profiles: readonly ModelProfile[] };

/** Each candidate's first deployment that can serve the request; a candidate with none is excluded with the reasons. */
function eligibleCandidates(candidates: readonly Candidate[], needs: RequestNeeds, inputTokens: number, health: HealthView): { eligible: Eligible[]; excluded: Exclusion[] } {
  const eligible: Eligible[] = [];
  const excluded: Exclusion[] = [];
  for (const candidate of candidates) {
    const verdict = filterCandidates(candidate.options.map((option) => option.deployment), needs, inputTokens, health);
    const first = verdict.eligible[0];
    if (first !== undefined) {
      const option = candidate.options.find((entry) => entry.deployment === first)!;
      eligible.push({ candidate, profile: option.asCandidate, via: first.name });
    } else if (candidate.target.kind === 'model') {
      excluded.push({ name: candidate.name, reason: verdict.excluded[0]!.reason });
    } else {
      excluded.push({ name: candidate.name, reason: `no target can serve it (${verdict.excluded.map((entry) => `${entry.name}: ${entry.reason}`).join('; ')})` });
    }
  }
  // Most capable first; config order breaks ties.
  eligible.sort((a, b) => b.profile.ability - a.profile.ability);
  return { eligible, excluded };
}

/**
 * Smart routing: the scorer rates the prompt's difficulty; each candidate that can serve the
 * request (a router candidate: as the first deployment it would try) gets a predicted quality,
 * an expected cost and time. On a share axis (`cost` / `balanced` / `quality`, `strong_share`) the
 * prompt's predicted gain of the most capable candidate over the best of the others decides,
 * against a cut that keeps the configured share of live traffic on the most capable side; with
 * explicit weights the weighted score decides. The plan is the winner, then the rest by score; a
 * router candidate's own strategy then runs. No scorer, or a scorer that fails, times out or is
 * overloaded: the most capable candidates first, never an error.
 */
export function compileSmartPolicy(router: SmartRouter, context: PolicyCompileContext, catalog: ModelCatalog = loadModelCatalog()): SmartPolicy {
  if (router.strong_share !== undefined && typeof router.axis === 'object') {
    throw new PolicyCompileError('strong_share sets a share of traffic; it cannot be combined with explicit axis weights (drop one)', ['strong_share']);
  }
  const candidates: Candidate[] = [];
  const profileOf = new Map<string, ModelProfile>();
  const profile = (name: string) => {
    let found = profileOf.get(name);
    if (found === undefined) profileOf.set(name, (found = resolveModelProfile(context.deployments.get(name)!, catalog)));
    return found;
  };
  router.candidates.forEach((name, index) => {
    if (candidates.some((candidate) => candidate.name === name)) throw new PolicyCompileError(`candidate '${name}' is listed twice`, ['candidates', index]);
    const target = context.toTarget(name);
    if (target.kind === 'router' && context.routers === undefined) throw new PolicyCompileError(`candidate '${name}' is a router, and routers are not known here`, ['candidates', index]);
    const deployments = smartCandidateDeployments(name, context.routers ?? {}, context.deployments);
    if (deployments.length === 0) throw new PolicyCompileError(`candidate '${name}' reaches no model`, ['candidates', index]);
    const options = deployments.map((deployment) => {
      const own = profile(deployment.name);
      return { deployment: own, asCandidate: own.name === name ? own : Object.freeze({ ...own, name }) };
    });
    candidates.push({ name, target, options });
  });
  const resolveAxis = compileAxisResolver(router);
  const decideShare = createShareDecider({
    pairGain: context.pairGain ?? irtPairGain,
    slope: catalog.slope,
    band: router.band,
    window: router.share_window,
    routerName: context.routerName,
    ...(context.shareWindows === undefined ? {} : { store: context.shareWindows }),
  });

  const choose = async (routing: RoutingContext): Promise<RoutingChoice> => {
    const { request, headers, health, memo } = routing;
    const { axis, weights, strongShare, note } = resolveAxis(headers);
    const score: ScoreResult = await memo.score(routing.scorer);
    const needs = requestNeeds(request);
    // The scorer counts the message text exactly; tool definitions, images and per-message overhead
    // are estimated on top. Without a score, the whole request is estimated.
    const inputTokens = score.ok ? score.inputTokens + estimateNonTextTokens(request) : memo.inputTokens();
    const { eligible, excluded } = eligibleCandidates(candidates, needs, inputTokens, health);
    const detail: Record<string, unknown> = { axis, weights, inputTokens, excluded };
    if (strongShare !== undefined) Object.assign(detail, { strongShare, band: router.band });
    if (note !== undefined) detail.note = note;
    // Nothing can serve it: try the candidates anyway (most capable first) and let the upstream say why.
    let pool = eligible;
    if (eligible.length === 0) {
      detail.noEligibleCandidate = true;
      pool = candidates.map((candidate) => ({ candidate, profile: candidate.options[0]!.asCandidate, via: candidate.options[0]!.deployment.name }));
      pool.sort((a, b) => b.profile.ability - a.profile.ability);
    }
    const via = Object.fromEntries(pool.filter((entry) => entry.candidate.target.kind === 'router').map((entry) => [entry.candidate.name, entry.via]));
    if (Object.keys(via).length > 0) detail.via = via;
    const targetOf = (name: string) => pool.find((entry) => entry.candidate.name === name)!.candidate.target;

    if (!score.ok) {
      detail.fallback = { reason: score.reason, message: score.message };
      detail.chosen = pool[0]!.candidate.name;
      return { targets: pool.map((entry) => entry.candidate.target), detail };
    }
    const outputTokens = Math.min(needs.maxTokens ?? expectedOutputTokens, expectedOutputTokens);
    const profiles = pool.map((entry) => entry.profile);
    const scores = scoreCandidates(profiles, { logit: score.logit, slope: catalog.slope, inputTokens, outputTokens, weights });
    let ranked: CandidateScore[];
    if (strongShare === undefined || pool.length === 1) {
      ranked = rankCandidates(scores, boundaryMargin);
    } else {
      // The most capable against the best of the rest (by the axis weights); the share decides between them.
      const [strong, ...rest] = pool;
      const weak = rankCandidates(scores.slice(1), boundaryMargin)[0]!;
      const weakEntry = rest.find((entry) => entry.candidate.name === weak.name)!;
      const share = decideShare({ strong: strong!.profile, strongVia: strong!.via, weak: weakEntry.profile, weakVia: weakEntry.via, logit: score.logit, strongShare, task: () => taskText(request), learnedText: score.learnedText });
      Object.assign(detail, share.detail);
      const chosen = share.side === 'weak' ? weak : scores[0]!;
      ranked = [chosen, ...[...scores].filter((candidate) => candidate !== chosen).sort((a, b) => b.score - a.score || b.ability - a.ability)];
    }
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
    return { targets: ranked.map((candidate) => targetOf(candidate.name)), complexity: score.complexity, detail };
  };

  return { strategy: 'smart', profiles: candidates.map((candidate) => candidate.options[0]!.asCandidate), choose };
}
