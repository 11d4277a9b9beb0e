import type { StreamEvent } from '../../core/stream-event.ts';
import type { GatewayError } from '../../errors/gateway-error.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { ResponsesStreamState } from './responses-stream-state.ts';

/**
 * Streams that failed after they began, by the error they failed with, so the error frame can carry
 * the next sequence number and the output so far. Weak: an entry lives as long as its error.
 */
const failedStreams = new WeakMap<object, ResponsesStreamState>();

/**
 * Stream events → Responses SSE frames (`event:` + `data:` with `type` and `sequence_number`):
 * response.created, response.in_progress, output items with their parts and deltas, and
 * response.completed (or response.incomplete) carrying the whole response.
 */
export async function* encodeOpenAIResponsesStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): AsyncGenerator<string> {
  const state = new ResponsesStreamState(context);
  try {
    for await (const event of events) yield* state.handle(event);
  } catch (error) {
    if (typeof error === 'object' && error !== null) failedStreams.set(error, state);
    throw error;
  }
}

/**
 * A failure after the first byte → `response.failed` with the partial output, numbered after the
 * frames already sent. Falls back to a bare `error` event for a stream this encoder did not see.
 */
export function encodeOpenAIResponsesStreamError(error: GatewayError): string {
  const cause = error.cause;
  const state = failedStreams.get(error) ?? (typeof cause === 'object' && cause !== null ? failedStreams.get(cause) : undefined);
  if (state !== undefined) return state.fail({ code: error.code, message: error.message });
  const event = { type: 'error', sequence_number: 0, code: error.code, message: error.message, param: error.param ?? null };
  return `event: error\ndata: ${JSON.stringify(event)}\n\n`;
}
