import { parseArgs } from 'node:util';
import { isDatasetName } from '../../datasets/dataset-registry.ts';
import { runAccuracyBench } from './run-accuracy-bench.ts';

/** `npx tsx bench/accuracy/accuracy-cli.ts [--dataset NAME] [--resamples N]` */
const { values } = parseArgs({ options: { dataset: { type: 'string' }, resamples: { type: 'string', default: '1000' } } });
if (values.dataset !== undefined && !isDatasetName(values.dataset)) throw new Error(`unknown dataset ${values.dataset}`);
const report = await runAccuracyBench({
  dataset: values.dataset,
  resamples: Number(values.resamples),
  log: (line) => console.error(line),
});
console.log(report.markdown);
