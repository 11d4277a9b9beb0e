import type { Dispatcher } from 'undici';
import { UpstreamError } from '../../errors/upstream-error.ts';

/** Reads an upstream JSON body; a body that is not JSON is a protocol error, not a crash. */
export async function readJsonBody(body: Dispatcher.ResponseData['body'], what: string): Promise<unknown> {
  const text = await body.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: `${what} returned a body that is not JSON`, cause: error });
  }
}
