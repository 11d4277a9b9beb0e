import { runAudit } from './run-audit.ts';
import { runBench } from './run-bench.ts';
import { runCheck } from './run-check.ts';
import { runExplain } from './run-explain.ts';
import { runKeys } from './run-keys.ts';
import { runLabels } from './run-labels.ts';
import { runMigrate } from './run-migrate.ts';
import { runScore } from './run-score.ts';
import { runServe } from './run-serve.ts';
import { runSpend } from './run-spend.ts';
import { runTrain } from './run-train.ts';

const USAGE = `usage: switchyard <command> [options]

commands:
  serve  [--config FILE] [--port N] [--host H]   start the gateway (hot-reloads FILE; SIGHUP reloads too)
  check  [--config FILE]                         validate, compile and lint a config; exit 1 on error
  audit  tail [--config FILE] [-n N] [--follow] [--json]
                                                 print the latest routed requests from the audit log
  migrate [--config FILE] [--from-sqlite FILE]   migrate the postgres store's schema; import a SQLite state file
  bench  overhead|accuracy [options]             run a benchmark (see bench --help)
  score  [--config FILE] [--models A,B]          JSONL {"id","prompt"|"messages"} on stdin → difficulty per line
  explain --config FILE --router NAME [--axis A] [--embeddings] [--json] "prompt" (or a Chat / embeddings body on stdin)
                                                 why a router picks what it picks (or an OpenAI body on stdin)
  keys   create|list|rotate|revoke [options]     manage virtual keys through the admin API (see keys --help)
  labels export [--config FILE] [--out FILE] [--models A,B] [--source judge|feedback|all]
                                                 write feedback and shadow labels as rows for bench accuracy --file
  spend  [--group-by project,key,user,model,router] [--from T] [--to T] [--json]
                                                 spend report from the audit log, through the admin API
  train  [--seed N] [--out DIR] [--epochs N]     train the difficulty model (writes model.onnx + manifest.json)
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: runServe,
  check: runCheck,
  audit: runAudit,
  migrate: runMigrate,
  bench: runBench,
  score: runScore,
  explain: runExplain,
  train: runTrain,
  keys: (args) => runKeys(args),
  labels: runLabels,
  spend: (args) => runSpend(args),
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
