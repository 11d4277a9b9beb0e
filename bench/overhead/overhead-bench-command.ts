import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderOverheadReport } from './render-overhead-report.ts';
import { overheadBenchDefaults, runOverheadBench } from './run-overhead-bench.ts';

// The repository root through package.json's "imports" map: the same from the sources and from dist/.
const defaultOutput = join(dirname(createRequire(import.meta.url).resolve('#package.json')), 'bench', 'overhead', 'results', 'latest.md');

export const overheadBenchUsage = `usage: switchyard bench overhead [--quick] [--profile] [--no-portkey] [--output FILE]

  --quick        a fifth of the requests (a smoke run; numbers are noisier)
  --profile      run the warn-level switchyard under node --cpu-prof and list its hottest frames
  --no-portkey   skip the peer gateway
  --postgres URL also measure a switchyard on store.kind postgres at URL (a scratch database:
                 its audit log and spend ledger are written there)
  --output FILE  where to write the markdown (default bench/overhead/results/latest.md)
`;

/** `switchyard bench overhead`: run, print the markdown tables, write them to the results file. */
export async function runOverheadBenchCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'no-portkey': { type: 'boolean', default: false },
      postgres: { type: 'string' },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(overheadBenchUsage);
    return 0;
  }
  const quick = (count: number) => (values.quick ? Math.round(count / 5) : count);
  const report = await runOverheadBench({
    rounds: values.quick ? 3 : overheadBenchDefaults.rounds,
    requestsAtConcurrency1: quick(overheadBenchDefaults.requestsAtConcurrency1),
    requestsAtConcurrency64: quick(overheadBenchDefaults.requestsAtConcurrency64),
    streamRequests: quick(overheadBenchDefaults.streamRequests),
    messagesRequests: quick(overheadBenchDefaults.messagesRequests),
    warmupRequests: quick(overheadBenchDefaults.warmupRequests),
    includePortkey: !values['no-portkey'],
    ...(values.postgres === undefined ? {} : { postgresUrl: values.postgres }),
    profile: values.profile,
    log: (line) => process.stderr.write(`bench overhead: ${line}\n`),
  });
  const markdown = renderOverheadReport(report);
  process.stdout.write(markdown);
  const output = values.output ?? defaultOutput;
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, markdown);
  process.stderr.write(`bench overhead: wrote ${output}\n`);
  return 0;
}
