import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * Writes SSE frames with backpressure. Stops quietly when the client goes away (the signal), so a
 * stalled write never hangs the request.
 */
export async function writeEventStream(response: ServerResponse, frames: AsyncIterable<string>, signal: AbortSignal): Promise<void> {
  for await (const frame of frames) {
    if (signal.aborted || response.destroyed) return;
    if (!response.write(frame)) {
      try {
        await once(response, 'drain', { signal });
      } catch {
        return;
      }
    }
  }
}
