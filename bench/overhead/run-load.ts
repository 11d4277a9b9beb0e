import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';

/** One POST the load loop repeats. */
export type LoadRequest = {
  path: string;
  headers: Record<string, string>;
  body: string;
};

export type LoadOptions = {
  /** A keep-alive pool to one origin, with at least `concurrency` connections. */
  dispatcher: Dispatcher;
  request: LoadRequest;
  concurrency: number;
  /** Stop after this many requests… */
  requests: number;
  /** …or after this long, whichever comes first. */
  timeLimitMs: number;
};

export type LoadResult = {
  /** Milliseconds from sending to the last body byte, one per successful request. */
  totalMs: number[];
  /** Milliseconds from sending to the first body byte (for a stream: the first SSE frame). */
  firstByteMs: number[];
  errors: number;
  firstError: string | undefined;
  /** Wall time of the whole batch. */
  elapsedMs: number;
};

/** A closed-loop load generator: `concurrency` workers, each sending its next request as soon as the last ends. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { dispatcher, request, concurrency } = options;
  const result: LoadResult = { totalMs: [], firstByteMs: [], errors: 0, firstError: undefined, elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + options.timeLimitMs;
  let issued = 0;

  const fail = (message: string): void => {
    result.errors += 1;
    result.firstError ??= message;
  };

  async function worker(): Promise<void> {
    while (issued < options.requests && performance.now() < deadline) {
      issued += 1;
      const sent = performance.now();
      try {
        const response = await dispatcher.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body });
        let firstByte = -1;
        let errorText = '';
        for await (const chunk of response.body) {
          if (firstByte < 0) firstByte = performance.now();
          if (response.statusCode !== 200 && errorText.length < 300) errorText += String(chunk);
        }
        const done = performance.now();
        if (response.statusCode !== 200) {
          fail(`HTTP ${response.statusCode}: ${errorText.slice(0, 300)}`);
          continue;
        }
        result.totalMs.push(done - sent);
        result.firstByteMs.push((firstByte < 0 ? done : firstByte) - sent);
      } catch (error) {
        fail((error as Error).message);
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  result.elapsedMs = performance.now() - started;
  return result;
}
