/**
 * `switchyard bench <name>`: runs one of the benchmarks in bench/. Each is loaded with a dynamic
 * import, only when asked for, so nothing in router/ depends on bench/ (and `serve` never loads it).
 */
type BenchCommand = (args: string[]) => Promise<number>;

const BENCHES: Record<string, { describe: string; load: () => Promise<BenchCommand> }> = {
  overhead: {
    describe: 'added latency and throughput vs the upstream directly and vs Portkey',
    load: async () => (await import('../../bench/overhead/overhead-bench-command.ts')).runOverheadBenchCommand,
  },
  accuracy: {
    describe: 'routing quality, cost, APGR, CPT and AIQ on the datasets, vs baselines',
    load: async () => (await import('../../bench/accuracy/accuracy-bench-command.ts')).runAccuracyBenchCommand,
  },
  learn: {
    describe: 'the learning loop on your rows: label n prompts, train, guard, APGR on the rest',
    load: async () => (await import('../../bench/learn/learn-bench-command.ts')).runLearnBenchCommand,
  },
};

function usage(): string {
  const lines = Object.entries(BENCHES).map(([name, bench]) => `  ${name.padEnd(10)} ${bench.describe}`);
  return `usage: switchyard bench <name> [options]\n\nbenchmarks:\n${lines.join('\n')}\n`;
}

export async function runBench(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const bench = BENCHES[name];
  if (bench === undefined) {
    process.stderr.write(`switchyard bench: unknown benchmark '${name}'\n\n${usage()}`);
    return 1;
  }
  return (await bench.load())(rest);
}
