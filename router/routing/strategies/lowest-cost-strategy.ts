import type { RawRouter } from '../../config/config-schema.ts';
import type { Deployment } from '../../config/compiled-config.ts';
import { checkDeploymentFit } from '../check-deployment-fit.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import type { RoutingPolicy, TargetRef } from '../routing-types.ts';

type LowestCostRouter = Extract<RawRouter, { strategy: 'lowest-cost' }>;

/** Prices are USD per million tokens. */
export function expectedCostUsd(price: { input: number; output: number }, inputTokens: number, outputTokens: number): number {
  return (price.input * inputTokens + price.output * outputTokens) / 1_000_000;
}

/**
 * Cheapest first by price × expected tokens (the input estimate, plus `expected_output_tokens` of
 * output, or the request's `max_tokens` when smaller), among the targets that can serve the request
 * (capabilities, input limit); the rest follow as fallbacks. Those that cannot serve it go last,
 * so the executor records why each was skipped. Targets without a price, and routers, keep their
 * configured order after the priced ones.
 */
export function compileLowestCostPolicy(router: LowestCostRouter, context: PolicyCompileContext): RoutingPolicy {
  const targets = router.targets.map(context.toTarget);
  const deployments: Array<Deployment | undefined> = targets.map((target) => (target.kind === 'model' ? context.deployments.get(target.name) : undefined));
  const expectedOutput = router.expected_output_tokens;

  return {
    strategy: 'lowest-cost',
    choose({ request, memo }) {
      const inputTokens = memo.inputTokens();
      const outputTokens = Math.min(request.params.maxTokens ?? expectedOutput, expectedOutput);
      const costs: Record<string, number | null> = {};
      const ranked = targets
        .map((target, index) => {
          const deployment = deployments[index];
          const fits = deployment === undefined || checkDeploymentFit(deployment, memo) === undefined;
          const cost = deployment?.price === undefined ? undefined : expectedCostUsd(deployment.price, inputTokens, outputTokens);
          costs[target.name] = cost ?? null;
          return { target, fits, cost: cost ?? Number.POSITIVE_INFINITY, index };
        })
        .sort((a, b) => Number(b.fits) - Number(a.fits) || a.cost - b.cost || a.index - b.index);
      const ordered: TargetRef[] = ranked.map((entry) => entry.target);
      return { targets: ordered, detail: { expected_cost_usd: costs, input_tokens: inputTokens, output_tokens: outputTokens } };
    },
  };
}
