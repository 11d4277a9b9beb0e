import { Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';

/** The request encodings the gateway decodes (README: "Request bodies"). */
const DECODERS = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
} as const;

type Encoding = keyof typeof DECODERS;

function isDecodable(encoding: string): encoding is Encoding {
  return Object.hasOwn(DECODERS, encoding);
}

/** A decoded body stream, with the bytes received on the wire (Fastify checks them against content-length). */
export type DecodedBody = Readable & { receivedEncodedLength: number };

/**
 * `Content-Encoding: gzip | deflate | br` request bodies, decoded as they arrive; `identity` or no
 * header: the payload as it is. The decoded size is capped at `limitBytes` (the body limit applies
 * to what is parsed, so a small gzip bomb is refused as 413 without being inflated further); a
 * body that does not decode is 400 `invalid_request`; any other encoding is 415 naming it.
 */
export function decodeRequestBody(payload: Readable, contentEncoding: string | undefined, limitBytes: number): Readable {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return payload;
  if (!isDecodable(encoding)) {
    throw new GatewayError('unsupported_media_type', `Content-Encoding '${encoding.slice(0, 40)}' is not supported; send the body as is, or gzip, deflate or br.`);
  }
  const decoder = DECODERS[encoding]();
  let decodedLength = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      decodedLength += chunk.length;
      if (decodedLength > limitBytes) {
        callback(new GatewayError('payload_too_large', `Request body is larger than the limit of ${limitBytes} bytes once decoded (${encoding}).`));
        return;
      }
      callback(null, chunk);
    },
  }) as Transform & { receivedEncodedLength: number };
  counter.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (counter.receivedEncodedLength += chunk.length));
  const fail = (error: Error) => {
    const reason = error instanceof GatewayError ? error : new InvalidRequestError(`Request body is not valid ${encoding} data: ${error.message}.`);
    // Stop inflating at once: what is left of the upload is drained, not decoded.
    payload.unpipe(decoder);
    decoder.destroy();
    counter.destroy(reason);
  };
  decoder.on('error', fail);
  counter.on('error', () => {
    payload.unpipe(decoder);
    decoder.destroy();
  });
  payload.pipe(decoder).pipe(counter);
  return counter;
}
