import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { isDatasetName } from '../../datasets/dataset-registry.ts';
import { evaluateRoutingFile } from './evaluate-routing-file.ts';
import { runAccuracyBench } from './run-accuracy-bench.ts';

// The model directory through package.json's "imports" map: the same from the sources and from dist/.
const modelDirectory = dirname(createRequire(import.meta.url).resolve('#models/manifest.json'));

const usage = 'usage: switchyard bench accuracy [--dataset NAME] [--resamples N]\n       switchyard bench accuracy --file ROWS.jsonl [--strong MODEL] [--weak MODEL] [--resamples N]\n';

/**
 * `switchyard bench accuracy [--dataset NAME] [--resamples N]`: the published bench (markdown on stdout).
 * `--file ROWS.jsonl [--strong M] [--weak M]`: the shipped model on any file in the common schema.
 */
export async function runAccuracyBenchCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { dataset: { type: 'string' }, file: { type: 'string' }, strong: { type: 'string' }, weak: { type: 'string' }, resamples: { type: 'string', default: '1000' } },
    }));
  } catch (error) {
    process.stderr.write(`switchyard bench accuracy: ${(error as Error).message}\n${usage}`);
    return 1;
  }
  const resamples = Number(values.resamples);
  if (!Number.isInteger(resamples) || resamples < 10) {
    process.stderr.write(`switchyard bench accuracy: --resamples must be an integer >= 10, got '${values.resamples}'\n`);
    return 1;
  }
  if (values.file !== undefined) {
    if (values.dataset !== undefined) {
      process.stderr.write(`switchyard bench accuracy: --file and --dataset exclude each other\n${usage}`);
      return 1;
    }
    try {
      const report = await evaluateRoutingFile({ file: values.file, strongModel: values.strong, weakModel: values.weak, resamples, modelDirectory });
      process.stdout.write(`${report.markdown}\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`switchyard bench accuracy: ${(error as Error).message}\n`);
      return 1;
    }
  }
  if (values.strong !== undefined || values.weak !== undefined) {
    process.stderr.write(`switchyard bench accuracy: --strong and --weak go with --file\n${usage}`);
    return 1;
  }
  if (values.dataset !== undefined && !isDatasetName(values.dataset)) {
    process.stderr.write(`switchyard bench accuracy: unknown dataset '${values.dataset}'\n`);
    return 1;
  }
  const report = await runAccuracyBench({
    dataset: values.dataset,
    resamples,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${report.markdown}\n`);
  return 0;
}
