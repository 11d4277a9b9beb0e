import type { CostQualityEvaluation } from './evaluate-cost-quality-routing.ts';
import type { PairEvaluation } from './evaluate-pair-routing.ts';

const percent = (value: number) => (Number.isNaN(value) ? 'never' : `${(value * 100).toFixed(1)} %`);
const interval = (estimate: number, lower: number, upper: number, digits = 3) => `${estimate.toFixed(digits)} [${lower.toFixed(digits)}, ${upper.toFixed(digits)}]`;

/** A pair evaluation as a markdown table: APGR with 95 % bootstrap CI, CPT(50/80 %), Δ vs length. */
export function formatPairTable(evaluation: PairEvaluation): string {
  const lines = [
    `**${evaluation.label}** — ${evaluation.promptCount} prompts; ${evaluation.strongModel} ${evaluation.strongQuality.toFixed(3)} vs ${evaluation.weakModel} ${evaluation.weakQuality.toFixed(3)}`,
    '',
    '| router | APGR [95 % CI] | CPT(50 %) | CPT(80 %) | APGR − length heuristic [95 % CI] |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const result of evaluation.results) {
    const versus = result.versusLength ? interval(result.versusLength.estimate, result.versusLength.lower, result.versusLength.upper) : '—';
    lines.push(`| ${result.router} | ${interval(result.apgr.estimate, result.apgr.lower, result.apgr.upper)} | ${percent(result.metrics.cpt50)} | ${percent(result.metrics.cpt80)} | ${versus} |`);
  }
  return lines.join('\n') + '\n';
}

/** A cost-quality evaluation as a markdown table: AIQ, best quality, its cost and share of strongest calls. */
export function formatCostQualityTable(evaluation: CostQualityEvaluation): string {
  const lines = [
    `**${evaluation.label}** — ${evaluation.promptCount} prompts; cost = ${evaluation.costNote}; AIQ normalised by the largest cost ($${evaluation.maximumCost.toExponential(3)}/call)`,
    '',
    '| router | AIQ | best quality | cost/call at best | % calls to strongest at best |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const router of [...evaluation.routers, ...evaluation.singles]) {
    const best = router.points.reduce((top, point) => (point.quality > top.quality || (point.quality === top.quality && point.cost < top.cost) ? point : top));
    lines.push(`| ${router.router} | ${router.aiq.toFixed(4)} | ${best.quality.toFixed(3)} | $${best.cost.toExponential(3)} | ${percent(best.strongShare)} |`);
  }
  return lines.join('\n') + '\n';
}
