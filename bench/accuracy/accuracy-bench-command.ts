import { parseArgs } from 'node:util';
import { isDatasetName } from '../../datasets/dataset-registry.ts';
import { runAccuracyBench } from './run-accuracy-bench.ts';

/** `switchyard bench accuracy [--dataset NAME] [--resamples N]`: prints the markdown report. */
export async function runAccuracyBenchCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dataset: { type: 'string' }, resamples: { type: 'string', default: '1000' } } });
  if (values.dataset !== undefined && !isDatasetName(values.dataset)) {
    process.stderr.write(`switchyard bench accuracy: unknown dataset '${values.dataset}'\n`);
    return 1;
  }
  const report = await runAccuracyBench({
    dataset: values.dataset,
    resamples: Number(values.resamples),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${report.markdown}\n`);
  return 0;
}
