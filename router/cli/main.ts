import { runBench } from './run-bench.ts';
import { runAudit } from './run-audit.ts';
import { runCheck } from './run-check.ts';
import { runServe } from './run-serve.ts';

const USAGE = `usage: switchyard <command> [options]

commands:
  serve  [--config FILE] [--port N] [--host H]   start the gateway (hot-reloads FILE; SIGHUP reloads too)
  check  [--config FILE]                         validate, compile and lint a config; exit 1 on error
  audit  tail [--config FILE] [-n N] [--follow]  print the latest routed requests from the audit log
  bench  <overhead> [options]                    run a benchmark (see bench --help)
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: runServe,
  check: runCheck,
  audit: runAudit,
  bench: runBench,
};

/** Dispatches to a command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`switchyard: unknown command '${name}'\n\n${USAGE}`);
    return 1;
  }
  try {
    return await command(rest);
  } catch (error) {
    process.stderr.write(`switchyard ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
