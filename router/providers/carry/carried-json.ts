import { JsonText } from '../http/json-text.ts';
import type { CarriedRequest } from '../provider-adapter.ts';
import { topLevelMembers } from './top-level-members.ts';

/** Below this many characters JSON.stringify is cheaper than finding the members (measured: ~500). */
export const SMALLEST_SPLICED_BODY = 512;

/**
 * The JSON text of a carried body: every top-level member the gateway left as the client sent it
 * (the same value as in the client's parsed body) is copied from the client's own text; only the
 * edited ones (`model`, params, guardrail edits…) are written with JSON.stringify. The upstream
 * reads the same JSON as `JSON.stringify(value)` would give, member for member, without the cost
 * of writing a 50 KB Claude Code body again — what makes carrying cheaper than rebuilding.
 */
export function carriedJson(value: Readonly<Record<string, unknown>>, carried: Pick<CarriedRequest, 'body' | 'bodyText'>): JsonText {
  const { body, bodyText } = carried;
  const members = bodyText === undefined || bodyText.length < SMALLEST_SPLICED_BODY ? undefined : topLevelMembers(bodyText);
  if (bodyText === undefined || members === undefined) return new JsonText(JSON.stringify(value));
  const parts: string[] = [];
  for (const name of Object.keys(value)) {
    const item = value[name];
    const range = members.get(name);
    if (range !== undefined && Object.hasOwn(body, name) && body[name] === item) {
      parts.push(`${JSON.stringify(name)}:${bodyText.slice(range.start, range.end)}`);
      continue;
    }
    // What JSON.stringify leaves out of an object (undefined) is left out here too.
    const written = JSON.stringify(item);
    if (written !== undefined) parts.push(`${JSON.stringify(name)}:${written}`);
  }
  return new JsonText(`{${parts.join(',')}}`);
}
