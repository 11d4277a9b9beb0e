import type { CostQualityEvaluation } from './evaluate-cost-quality-routing.ts';
import type { PairEvaluation } from './evaluate-pair-routing.ts';
import { curveSteps } from '../../router/learning/training/pair-routing-metrics.ts';
import { nonDecreasingConvexHull } from './metrics/average-improvement-in-quality.ts';
import { renderSvgChart } from './render-svg-chart.ts';

/** Cost–quality chart: routers as their non-decreasing hulls (flat to the max cost), single models as dots. */
export function costQualityChart(evaluation: CostQualityEvaluation): string {
  const lines = evaluation.routers
    .filter((router) => !router.router.startsWith('zero'))
    .map((router) => {
      const hull = nonDecreasingConvexHull(router.points).map((point) => ({ x: point.cost, y: point.quality }));
      return { name: router.router, points: [...hull, { x: evaluation.maximumCost, y: hull.at(-1)!.y }] };
    });
  return renderSvgChart({
    title: `${evaluation.label}: quality vs cost`,
    xLabel: 'average cost per call (USD)',
    yLabel: 'average quality',
    lines,
    dots: [{ name: 'single models', points: evaluation.singles.map((single) => ({ x: single.points[0]!.cost, y: single.points[0]!.quality })) }],
  });
}

/** PGR vs share of strong calls: our routers and the length heuristic per evaluation, plus random. */
export function pgrChart(evaluations: readonly PairEvaluation[]): string {
  const shown = ['length heuristic (longer → strong)', 'switchyard: difficulty', 'switchyard: quality gain'];
  const lines = evaluations.flatMap((evaluation) =>
    evaluation.results
      .filter((result) => shown.includes(result.router))
      .map((result) => ({
        name: `${evaluation.label.split(/[/(]/).at(-1)!.replace(')', '').trim()}: ${result.router.replace(' (longer → strong)', '')}`.slice(0, 40),
        points: result.metrics.curve.map((pgr, step) => ({ x: step / curveSteps, y: pgr })),
      })),
  );
  lines.push({ name: 'random (expected)', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] });
  return renderSvgChart({ title: 'RouteLLM GPT-4 vs Mixtral, cross-dataset: PGR curves', xLabel: 'share of calls to the strong model', yLabel: 'PGR', lines });
}
