import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { captureStderrTail, toBenchProcess, waitUntilReady, type BenchProcess } from './bench-process.ts';

/** The peer: `@portkey-ai/gateway`'s Node server (its package.json `bin`), started `--headless`. */
export function portkeyServerScript(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@portkey-ai/gateway/package.json');
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  if (bin === undefined) throw new Error('@portkey-ai/gateway has no bin entry');
  return join(dirname(manifestPath), bin);
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls until anything answers HTTP on `url` (Portkey has no ready signal). */
async function pollUntilServing(url: string, signal: AbortSignal): Promise<string> {
  while (!signal.aborted) {
    try {
      const response = await request(url, { method: 'GET', signal });
      await response.body.dump();
      return url;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('stopped polling');
}

/** Starts Portkey's gateway in a child process on a free port. It binds every interface; we talk to it over loopback. */
export async function startPortkeyProcess(options: { timeoutMs?: number } = {}): Promise<BenchProcess> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [portkeyServerScript(), `--port=${port}`, '--headless'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr = captureStderrTail(child);
  const polling = new AbortController();
  try {
    const url = await waitUntilReady('portkey', child, pollUntilServing(`http://127.0.0.1:${port}`, polling.signal), options.timeoutMs ?? 30_000, stderr);
    return toBenchProcess('portkey', child, url, stderr);
  } finally {
    polling.abort();
  }
}
