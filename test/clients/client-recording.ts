/**
 * One recorded client session: every request the client sent to its upstream, credentials
 * removed. Saved as JSON under `__fixtures__/<client>/<scenario>.json`; the replay and fidelity
 * tests read them back.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeUpstreamRequest } from '../fake-upstream/fake-upstream.ts';

export type RecordedRequest = {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: unknown;
};

export type ClientRecording = {
  client: string;
  version: string;
  scenario: string;
  description: string;
  /** The working directory the client ran in (its paths appear in prompts and tool inputs). */
  workdir: string;
  requests: RecordedRequest[];
};

/** Credentials and per-connection headers: never recorded. */
const LEFT_OUT_HEADERS = new Set(['x-api-key', 'authorization', 'cookie', 'host', 'content-length', 'connection']);

export function recordedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || LEFT_OUT_HEADERS.has(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

export function toRecordedRequest(request: FakeUpstreamRequest): RecordedRequest {
  return { method: request.method, path: request.path, search: request.search, headers: recordedHeaders(request.headers), body: request.body };
}
