import { findPiiMatches } from '../signals/detect-pii.ts';
import type { TextMatch } from './text-match.ts';

/**
 * Secrets in text, with their positions: provider key formats and private keys (the PII
 * detector's `api_key` and `private_key` kinds: OpenAI / Anthropic `sk-…`, AWS, GitHub, Slack,
 * `api_key = …` assignments, PEM blocks), plus Google `AIza…` and Stripe keys, JWTs, and
 * high-entropy tokens (32+ characters of mixed letters and digits at ≥ 4.2 bits per character:
 * random base64 or base62, not a git SHA, a UUID or a word). Every pattern is compiled once and
 * linear: a match starts only where a lookbehind says a token starts.
 */
export function findSecretMatches(text: string): TextMatch[] {
  const matches: TextMatch[] = findPiiMatches(text, KEY_TYPES).map((match) => ({ start: match.start, end: match.end, label: match.type === 'private_key' ? 'PRIVATE_KEY' : 'SECRET' }));
  for (const { pattern, label, accept } of PATTERNS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (accept === undefined || accept(match[0])) matches.push({ start: match.index, end: match.index + match[0].length, label });
    }
  }
  return mergeMatches(matches);
}

/** Positions sorted, overlaps resolved in favour of the earlier (then longer) match. */
export function mergeMatches(matches: TextMatch[]): TextMatch[] {
  matches.sort((left, right) => left.start - right.start || right.end - left.end);
  const kept: TextMatch[] = [];
  for (const match of matches) {
    const last = kept.at(-1);
    if (last === undefined || match.start >= last.end) kept.push(match);
  }
  return kept;
}

const KEY_TYPES = new Set(['api_key', 'private_key'] as const);

type SecretPattern = { pattern: RegExp; label: string; accept?: (value: string) => boolean };

const PATTERNS: readonly SecretPattern[] = [
  { pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, label: 'SECRET' },
  { pattern: /(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{24,247}(?![A-Za-z0-9])/g, label: 'SECRET' },
  { pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,2048}(?![A-Za-z0-9_-])/g, label: 'JWT' },
  { pattern: /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,512}(?![A-Za-z0-9+/_=-])/g, label: 'SECRET', accept: isHighEntropyToken },
];

const HAS_LOWER = /[a-z]/;
const HAS_UPPER = /[A-Z]/;
const HAS_DIGIT = /\d/;
const HEX_OR_DASH = /^[0-9a-fA-F-]+$/;

/** A random-looking token: upper, lower and digits, not hex, and ≥ 4.2 bits of entropy per character. */
export function isHighEntropyToken(value: string): boolean {
  if (!HAS_LOWER.test(value) || !HAS_UPPER.test(value) || !HAS_DIGIT.test(value) || HEX_OR_DASH.test(value)) return false;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    entropy -= share * Math.log2(share);
  }
  return entropy >= 4.2;
}
