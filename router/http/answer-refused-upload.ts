import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export type DrainLimits = { maxBytes: number; maxMs: number };

/**
 * An error answered before the upload was read (413, an encoding refused). Node closes a connection
 * whose request was not read to its end as soon as the answer is complete, and a socket closed
 * under a client still writing resets: the client sees EPIPE instead of the 413. So the answer is
 * written at once (with its content-length, a client can read it while it still uploads) but ended
 * only when the rest of the upload has been read and discarded. Bounded: past `maxBytes` or
 * `maxMs` the answer ends and the connection closes anyway.
 */
export function answerRefusedUpload(
  request: IncomingMessage,
  response: ServerResponse,
  answer: { status: number; headers: OutgoingHttpHeaders; body: string },
  limits: DrainLimits,
): void {
  const body = Buffer.from(answer.body);
  response.writeHead(answer.status, { ...answer.headers, 'content-length': body.length, connection: 'close' });
  response.write(body);
  let drained = 0;
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    request.off('data', onData);
    response.end();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > limits.maxBytes) end();
  };
  const timer = setTimeout(end, limits.maxMs);
  timer.unref();
  request.on('data', onData);
  request.once('end', end);
  request.once('close', end);
  request.once('error', end);
  request.resume();
}
