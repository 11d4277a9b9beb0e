import type { SpanDetector } from './compiled-guardrail.ts';
import type { TextMatch } from './text-match.ts';

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\/]/g;

export function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/**
 * A keyword list as one regex, compiled once: whole words only (no letter, digit or `_` on either
 * side), longest first so `credit card number` wins over `credit card`.
 */
export function compileKeywordDetector(words: readonly string[], caseSensitive: boolean, label = 'KEYWORD', type: SpanDetector['type'] = 'keywords'): SpanDetector {
  const sorted = [...new Set(words)].sort((left, right) => right.length - left.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.map((word) => escapeRegex(word).replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_])`, caseSensitive ? 'gu' : 'giu');
  const longest = sorted[0]?.length ?? 0;
  return {
    kind: 'spans',
    type,
    // A run of spaces may stand for one: allow some slack beyond the longest word.
    window: longest * 2 + 8,
    find(text: string): TextMatch[] {
      const matches: TextMatch[] = [];
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) matches.push({ start: match.index, end: match.index + match[0].length, label });
      return matches;
    },
  };
}
