import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One recorded client request: what a same-format upstream must receive, except the documented edits. */
export type FidelityFixture = {
  /** The file, relative to the format's fixture folder. */
  name: string;
  description: string;
  /** The client's headers as recorded (credentials already left out by the recorder). */
  headers: Record<string, string>;
  body: Record<string, unknown>;
};

function jsonFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return jsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

/**
 * Every `*.json` under `__fixtures__/<format>/` (subfolders included, so a recorder can keep its
 * own folder): `{ description?, source?, headers?, body }`, or a bare request body. Adding a file
 * adds a case.
 */
export function loadFidelityCorpus(format: 'openai-chat' | 'anthropic-messages'): FidelityFixture[] {
  const directory = fileURLToPath(new URL(`./__fixtures__/${format}/`, import.meta.url));
  return jsonFiles(directory)
    .sort()
    .map((path) => {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      const recorded = typeof parsed.body === 'object' && parsed.body !== null;
      return {
        name: relative(directory, path),
        description: typeof parsed.description === 'string' ? parsed.description : '',
        headers: recorded && typeof parsed.headers === 'object' && parsed.headers !== null ? (parsed.headers as Record<string, string>) : {},
        body: (recorded ? parsed.body : parsed) as Record<string, unknown>,
      };
    });
}

/** Headers a replay sends: the recorded ones minus what the transport sets itself. */
export function replayHeaders(fixture: FidelityFixture): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fixture.headers)) {
    if (!['content-length', 'host', 'connection', 'accept-encoding', 'transfer-encoding'].includes(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  headers['content-type'] = 'application/json';
  return headers;
}
