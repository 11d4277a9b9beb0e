import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * Writes SSE frames with backpressure. Frames produced in the same turn of the event loop (one
 * upstream chunk often carries several events) are corked into one socket write. Stops quietly when
 * the client goes away (the signal), so a stalled write never hangs the request.
 */
export async function writeEventStream(response: ServerResponse, frames: AsyncIterable<string>, signal: AbortSignal): Promise<void> {
  let corked = false;
  const uncork = () => {
    corked = false;
    response.uncork();
  };
  for await (const frame of frames) {
    if (signal.aborted || response.destroyed) return;
    if (!corked) {
      corked = true;
      response.cork();
      setImmediate(uncork);
    }
    if (!response.write(frame)) {
      try {
        await once(response, 'drain', { signal });
      } catch {
        return;
      }
    }
  }
}
