import type { StreamEvent } from '../../core/stream-event.ts';
import type { GatewayError } from '../../errors/gateway-error.ts';
import type { EncodeContext, EncodedStream } from '../client-format-codec.ts';
import { ResponsesStreamState } from './responses-stream-state.ts';

async function* framesOf(events: AsyncIterable<StreamEvent>, state: ResponsesStreamState): AsyncGenerator<string> {
  for await (const event of events) yield* state.handle(event);
}

/**
 * Stream events → Responses SSE frames (`event:` + `data:` with `type` and `sequence_number`):
 * response.created, response.in_progress, output items with their parts and deltas, and
 * response.completed (or response.incomplete) carrying the whole response. A failure after the
 * first byte ends the stream with `response.failed`, numbered after the frames already sent and
 * carrying the output so far: the stream's own state, held by the value this returns.
 */
export function encodeOpenAIResponsesStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): EncodedStream {
  const state = new ResponsesStreamState(context);
  return { frames: framesOf(events, state), fail: (error) => state.fail({ code: error.code, message: error.message }) };
}

/** A failure on a stream this encoder did not see (a carried stream): a bare `error` event. */
export function encodeOpenAIResponsesStreamError(error: GatewayError): string {
  const event = { type: 'error', sequence_number: 0, code: error.code, message: error.message, param: error.param ?? null };
  return `event: error\ndata: ${JSON.stringify(event)}\n\n`;
}
