import type { LearnBenchReport, SplitMean } from './run-learn-bench.ts';

const cell = (value: SplitMean) => `${value.mean.toFixed(3)} (${value.lower.toFixed(3)}–${value.upper.toFixed(3)})`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;

/** The bench learn report as markdown: one row per labelling budget. */
export function formatLearnBenchMarkdown(report: LearnBenchReport): string {
  const excluded = report.excluded;
  return [
    `# Learning loop on ${report.file}`,
    '',
    report.pairNote,
    `Current router: ${report.currentRouter}. Pool: ${report.poolRows} rows (${excluded.contaminated} contaminated, ` +
      `${excluded.inTraining === undefined ? 'overlap with the shipped training splits not checked' : `${excluded.inTraining} in the shipped model's training splits`}, ${excluded.sampledAway} sampled away, left out).`,
    `Each budget: ${report.budgets[0]?.splits ?? 0} random splits; n labelled prompts train the learned router and the guard decides; APGR on the rest. Mean over splits (95 % interval of the mean).`,
    '',
    '| labels n | shipped | length heuristic | learned | guarded | guarded − shipped (worst split) | guard activated |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...report.budgets.map(
      (budget) =>
        `| ${budget.n} | ${cell(budget.shipped)} | ${cell(budget.length)} | ${cell(budget.learned)} | ${cell(budget.guarded)} | ${signed(budget.guardedMinusShipped.mean)} (${signed(budget.guardedMinusShipped.worst)}) | ${Math.round(budget.activatedShare * 100)} % |`,
    ),
    ...(report.skippedBudgets.length > 0 ? ['', `Skipped (too few rows left to evaluate on): n = ${report.skippedBudgets.join(', ')}.`] : []),
    '',
    `${report.seconds.toFixed(0)} s.`,
  ].join('\n');
}
