import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A server the benchmark started in its own process: its URL, and how to weigh and stop it. */
export type BenchProcess = {
  readonly name: string;
  /** "http://127.0.0.1:PORT", no trailing slash. */
  readonly url: string;
  readonly pid: number;
  /** Resident set size now, in bytes (from `ps`, so it works for any child, ours or not). */
  rssBytes(): Promise<number>;
  /** CPU time (user + system) used so far, in seconds; undefined where /proc is missing (not Linux). */
  cpuSeconds(): Promise<number | undefined>;
  /** The last few KB the child wrote to stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
};

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks; 100 on every mainstream build. */
const ticksPerSecond = 100;

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, counted after the parenthesised command name). */
async function readCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Keeps the last few KB of a child's stderr (the child must have been started with stderr 'pipe'). */
export function captureStderrTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    tail = (tail + text).slice(-4_000);
  });
  return () => tail;
}

/** Resolves with `ready`'s value; rejects if the child exits, fails to spawn or takes longer than `timeoutMs`. */
export function waitUntilReady<T>(name: string, child: ChildProcess, ready: Promise<T>, timeoutMs: number, stderr: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`${name} exited during start-up (code ${code}, signal ${signal})\n${stderr()}`));
    const onError = (error: Error) => finish(new Error(`${name} could not start: ${error.message}`));
    const timer = setTimeout(() => finish(new Error(`${name} was not ready within ${timeoutMs} ms\n${stderr()}`)), timeoutMs);
    function finish(error: Error | undefined, value?: T): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error === undefined) resolve(value as T);
      else reject(error);
    }
    child.once('exit', onExit);
    child.once('error', onError);
    ready.then(
      (value) => finish(undefined, value),
      (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

/** Wraps a child that is ready and serving at `url`. */
export function toBenchProcess(name: string, child: ChildProcess, url: string, stderr: () => string): BenchProcess {
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: the child process has no pid`);
  return {
    name,
    url: url.replace(/\/$/, ''),
    pid,
    async rssBytes() {
      const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(pid)]);
      return Number(stdout.trim()) * 1024;
    },
    cpuSeconds: () => readCpuSeconds(pid),
    stderrTail: stderr,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
