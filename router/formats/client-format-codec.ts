import type { ChatRequest } from '../core/chat-request.ts';
import type { ChatResult } from '../core/chat-result.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import type { GatewayError } from '../errors/gateway-error.ts';

/** What an encoder may say about the call besides the answer itself. */
export type EncodeContext = {
  /** The gateway's request id: each codec shows it with its API's prefix (`chatcmpl-`, `msg_`, `resp_`), stable across failover. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model name to report: what answered. */
  model: string;
  /** Whether the client asked for a usage chunk at the end of a stream. */
  includeUsage: boolean;
  /** The request being answered, for what the answer's shape depends on (a Responses client's freeform tools). */
  request?: ChatRequest;
};

/**
 * A client API: parse its requests into the internal format, encode answers, streams and errors
 * back into it. The http layer has one handler for every codec.
 */
/** One stream being encoded for a client. */
export type EncodedStream = {
  /** SSE frames, each a complete `event:`/`data:` block ending in a blank line. */
  frames: AsyncIterable<string>;
  /** The client's SSE error frame for a failure after the first byte, continuing this stream (numbering, output so far). */
  fail(error: GatewayError): string;
};

export interface ClientFormatCodec {
  readonly format: ChatRequest['clientFormat'];
  /** JSON schema of the body, compiled once by the http layer (precise 400s for wrong types). */
  readonly bodySchema: Record<string, unknown>;
  parseRequest(body: unknown): { value: ChatRequest; warnings: string[] };
  encodeResponse(result: ChatResult, context: EncodeContext): unknown;
  /** Stream events → SSE frames, and the frame that ends this stream if it fails after the first byte. */
  encodeStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): EncodedStream;
  /** An error after a stream this codec did not encode has begun (a carried stream), as the client's SSE error frame. */
  encodeStreamError(error: GatewayError): string;
  /** An error before anything was sent: the body of the HTTP error response. */
  encodeError(error: GatewayError): unknown;
}
