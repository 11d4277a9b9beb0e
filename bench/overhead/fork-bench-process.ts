import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { captureStderrTail, toBenchProcess, waitUntilReady, type BenchProcess } from './bench-process.ts';

export type ForkBenchProcessOptions = {
  name: string;
  /** An entry (`.ts` through tsx from the sources, compiled `.js` from dist/) that sends `{ type: 'ready', url }` over IPC once it listens. */
  script: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[];
  timeoutMs?: number;
};

type ReadyMessage = { type: 'ready'; url: string };

function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as ReadyMessage).type === 'ready' && typeof (message as ReadyMessage).url === 'string';
}

/** Starts one of our own servers in a child process (a `.ts` entry through tsx); stdout goes to /dev/null. */
export async function forkBenchProcess(options: ForkBenchProcessOptions): Promise<BenchProcess> {
  const devNull = openSync('/dev/null', 'w');
  const child = fork(options.script, [], {
    execArgv: [...(options.script.endsWith('.ts') ? ['--import', 'tsx'] : []), ...(options.nodeFlags ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', devNull, 'pipe', 'ipc'],
  });
  closeSync(devNull);
  const stderr = captureStderrTail(child);
  const ready = new Promise<string>((resolve) => {
    const onMessage = (message: unknown) => {
      if (!isReadyMessage(message)) return;
      child.off('message', onMessage);
      resolve(message.url);
    };
    child.on('message', onMessage);
  });
  const url = await waitUntilReady(options.name, child, ready, options.timeoutMs ?? 30_000, stderr);
  return toBenchProcess(options.name, child, url, stderr);
}
