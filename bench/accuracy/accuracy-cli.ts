import { runAccuracyBenchCommand } from './accuracy-bench-command.ts';

/** `npx tsx bench/accuracy/accuracy-cli.ts [--dataset NAME] [--resamples N]` */
process.exitCode = await runAccuracyBenchCommand(process.argv.slice(2));
