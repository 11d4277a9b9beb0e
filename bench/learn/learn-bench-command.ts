import { parseArgs } from 'node:util';
import { defaultGuardSettings } from '../../router/learning/training/guard-decide-activation.ts';
import { formatLearnBenchMarkdown } from './format-learn-bench-markdown.ts';
import { defaultBudgets, runLearnBench } from './run-learn-bench.ts';

const usage = 'usage: switchyard bench learn --file ROWS.jsonl [--strong MODEL] [--weak MODEL] [--json] [--splits N] [--budgets 50,100,200,400] [--min-gain 0.02] [--cv-repeats 1] [--seed N]\n';

/**
 * `switchyard bench learn --file ROWS.jsonl`: the learning loop simulated on a file (markdown on
 * stdout, progress on stderr). `--json` prints `{ "budgets": [{ "n", "shipped", "length",
 * "learned", "guarded" }] }`, each value the mean APGR over the splits.
 */
export async function runLearnBenchCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        file: { type: 'string' },
        strong: { type: 'string' },
        weak: { type: 'string' },
        json: { type: 'boolean', default: false },
        splits: { type: 'string', default: '20' },
        budgets: { type: 'string', default: defaultBudgets.join(',') },
        'min-gain': { type: 'string', default: String(defaultGuardSettings.minGain) },
        seed: { type: 'string', default: '1' },
        'cv-repeats': { type: 'string', default: '1' },
      },
    }));
  } catch (error) {
    process.stderr.write(`switchyard bench learn: ${(error as Error).message}\n${usage}`);
    return 1;
  }
  const fail = (message: string) => {
    process.stderr.write(`switchyard bench learn: ${message}\n${usage}`);
    return 1;
  };
  if (values.file === undefined) return fail('--file is required');
  const splits = Number(values.splits);
  if (!Number.isInteger(splits) || splits < 2) return fail(`--splits must be an integer >= 2, got '${values.splits}'`);
  const budgets = values.budgets.split(',').map((value) => Number(value.trim()));
  if (budgets.length === 0 || budgets.some((budget) => !Number.isInteger(budget) || budget < 10)) return fail(`--budgets must be integers >= 10, comma-separated, got '${values.budgets}'`);
  const minGain = Number(values['min-gain']);
  if (!Number.isFinite(minGain)) return fail(`--min-gain must be a number, got '${values['min-gain']}'`);
  const cvRepeats = Number(values['cv-repeats']);
  if (!Number.isInteger(cvRepeats) || cvRepeats < 1) return fail(`--cv-repeats must be an integer >= 1, got '${values['cv-repeats']}'`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) return fail(`--seed must be an integer, got '${values.seed}'`);
  try {
    const report = await runLearnBench({
      file: values.file,
      strongModel: values.strong,
      weakModel: values.weak,
      budgets,
      splits,
      seed,
      guard: { ...defaultGuardSettings, minGain },
      cvRepeats,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    if (values.json) {
      const budgetsJson = report.budgets.map((budget) => ({ n: budget.n, shipped: budget.shipped.mean, length: budget.length.mean, learned: budget.learned.mean, guarded: budget.guarded.mean }));
      process.stdout.write(`${JSON.stringify({ budgets: budgetsJson })}\n`);
    } else {
      process.stdout.write(`${formatLearnBenchMarkdown(report)}\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`switchyard bench learn: ${(error as Error).message}\n`);
    return 1;
  }
}
