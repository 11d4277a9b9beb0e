import { UpstreamError } from '../../errors/upstream-error.ts';

/** A same-format answer's body text, parsed to check its shape; a body that is not JSON is a protocol error (the call may fail over). */
export function parseUpstreamJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream returned a body that is not JSON', cause: error });
  }
}
