import { closingJsonQuote } from '../../formats/closing-json-quote.ts';

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where one member's value stands in the JSON text: `text.slice(start, end)` is its JSON. */
export type MemberRange = { start: number; end: number };

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipWhitespace(text: string, index: number): number {
  while (index < text.length && isWhitespace(text.charCodeAt(index))) index++;
  return index;
}

/** Index just past the JSON value that starts at `start`, or -1. String contents are skipped with `indexOf`. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) {
    const close = closingJsonQuote(text, start);
    return close === -1 ? -1 : close + 1;
  }
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let index = start; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === QUOTE) {
        index = closingJsonQuote(text, index);
        if (index === -1) return -1;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --depth === 0) return index + 1;
    }
    return -1;
  }
  // A number, true, false or null: up to the next separator.
  let index = start;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isWhitespace(code)) break;
    index++;
  }
  return index === start ? -1 : index;
}

/**
 * The top-level members of a JSON object's text, by name, each with where its value stands: one
 * pass that skips string contents with the engine's `indexOf`, far cheaper than writing the value
 * again with JSON.stringify. A name given twice keeps its last value, as JSON.parse does.
 * Undefined when the text is not a JSON object (the caller then writes the value itself).
 */
export function topLevelMembers(text: string): Map<string, MemberRange> | undefined {
  let index = skipWhitespace(text, 0);
  if (text.charCodeAt(index) !== OPEN_BRACE) return undefined;
  const members = new Map<string, MemberRange>();
  index = skipWhitespace(text, index + 1);
  if (text.charCodeAt(index) === CLOSE_BRACE) return members;
  for (;;) {
    if (text.charCodeAt(index) !== QUOTE) return undefined;
    const nameEnd = closingJsonQuote(text, index);
    if (nameEnd === -1) return undefined;
    const written = text.slice(index + 1, nameEnd);
    const name = written.includes('\\') ? (JSON.parse(`"${written}"`) as string) : written;
    index = skipWhitespace(text, nameEnd + 1);
    if (text.charCodeAt(index) !== COLON) return undefined;
    const start = skipWhitespace(text, index + 1);
    const end = valueEnd(text, start);
    if (end === -1) return undefined;
    members.set(name, { start, end });
    index = skipWhitespace(text, end);
    const separator = text.charCodeAt(index);
    if (separator === CLOSE_BRACE) return members;
    if (separator !== COMMA) return undefined;
    index = skipWhitespace(text, index + 1);
  }
}
