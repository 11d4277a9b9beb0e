/**
 * Finds the kinds of PII and secrets in prompt text, for the `pii` / `pii_types` routing signals
 * (e.g. keep prompts with card numbers on a local model). It reports kinds, never the matches.
 *
 * Every regex is compiled once, here. Each is linear on any input: a match can only start where
 * a lookbehind says a token starts (so a long run of letters or digits is not rescanned from every
 * position), and every repetition is bounded or cannot overlap its neighbour. Candidates are then
 * checked (Luhn for cards, mod-97 for IBANs, shape and entropy for keys) so ordinary numbers,
 * dates, versions and prose do not count.
 */

export type PiiType = 'email' | 'phone' | 'credit_card' | 'iban' | 'api_key' | 'private_key';

type Detector = { type: PiiType; pattern: RegExp; accept?: (match: RegExpExecArray) => boolean };

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
/** `icon@2x.png` is a file name, not an address. */
const RETINA_ASSET = /@\d+x\./;

/**
 * International `+44 20 7946 0958`, `+49 (0)30 1234567`, `+4915112345678` (digit count checked
 * after: 8–15), or North American `(415) 555-0132` / `415-555-0132` / `415.555.0132`. Groups
 * after the first need a separator, so a run of digits splits only one way.
 */
const PHONE =
  /(?<![\w+])\+[1-9](?:\d{0,3}(?:[ .-]?\(\d{1,4}\)[ .-]?\d{1,8})?(?:[ .-]\d{1,8}){1,6}|\d{7,14})(?!\w)|(?<![\w(.-])(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[-. ])[2-9]\d{2}[-. ]\d{4}(?![\w-]|\.\d)/g;

/** 13–19 digits, optionally in groups separated by single spaces or dashes. */
const CARD = /(?<![\d.,+-])\d(?:[ -]?\d){12,18}(?!\d|[.,-]\d)/g;
/** Issuer prefixes: Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, Maestro. */
const CARD_ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|6|35)/;

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----/;
/** OpenAI `sk-…`/`sk-proj-…`, Anthropic `sk-ant-…`: a long random tail. */
const SK_KEY = /(?<![A-Za-z0-9_-])sk-(?:ant-|proj-|svcacct-|admin-)?([A-Za-z0-9_-]{32,256})/g;
const AWS_ACCESS_KEY = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;
const GITHUB_TOKEN = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/;
const SLACK_TOKEN = /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,255}/;
/** `api_key=…`, `"client_secret": "…"`, `token: …` followed by a high-entropy value. */
const ASSIGNED_SECRET =
  /(?<![A-Za-z0-9])(?:api[_-]?key|apikey|secret(?:[_-]?key)?|client[_-]?secret|access[_-]?(?:key|token)|auth[_-]?token|token|password|passwd)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([A-Za-z0-9_\-+/=.~]{16,256})/gi;

const HAS_LOWER = /[a-z]/;
const HAS_UPPER = /[A-Z]/;
const HAS_DIGIT = /\d/;
const NON_DIGIT = /\D/g;

const DETECTORS: readonly Detector[] = [
  { type: 'email', pattern: EMAIL, accept: (match) => !RETINA_ASSET.test(match[0]) },
  { type: 'phone', pattern: PHONE, accept: (match) => isPhoneLength(match[0]) },
  { type: 'credit_card', pattern: CARD, accept: (match) => isCardNumber(match[0]) },
  { type: 'iban', pattern: IBAN, accept: (match) => isIbanWithTrailingWords(match[0]) },
  { type: 'api_key', pattern: SK_KEY, accept: (match) => HAS_UPPER.test(match[1]!) && HAS_LOWER.test(match[1]!) && looksRandom(match[1]!) },
  { type: 'api_key', pattern: AWS_ACCESS_KEY },
  { type: 'api_key', pattern: GITHUB_TOKEN },
  { type: 'api_key', pattern: SLACK_TOKEN },
  { type: 'api_key', pattern: ASSIGNED_SECRET, accept: (match) => looksRandom(match[1]!) },
  { type: 'private_key', pattern: PRIVATE_KEY },
];

/** The kinds of PII in `text`, each once, in the order of `PiiType`. */
export function detectPii(text: string): PiiType[] {
  const found = new Set<PiiType>();
  for (const { type, pattern, accept } of DETECTORS) {
    if (!found.has(type) && hasMatch(text, pattern, accept)) found.add(type);
  }
  return ORDER.filter((type) => found.has(type));
}

const ORDER: readonly PiiType[] = ['email', 'phone', 'credit_card', 'iban', 'api_key', 'private_key'];

/** One PII match: its kind and where it is (`text.slice(start, end)`), for guardrails that redact. */
export type PiiMatch = { type: PiiType; start: number; end: number };

/**
 * Every PII match in `text` of the kinds in `types` (default all), in order of position, overlaps
 * resolved in favour of the earlier (then longer) match. The same detectors as `detectPii`.
 */
export function findPiiMatches(text: string, types: ReadonlySet<PiiType> = ALL_TYPES): PiiMatch[] {
  const matches: PiiMatch[] = [];
  for (const { type, pattern: global, accept } of SPAN_DETECTORS) {
    if (!types.has(type)) continue;
    global.lastIndex = 0;
    for (let match = global.exec(text); match !== null; match = global.exec(text)) {
      if (accept === undefined || accept(match)) matches.push({ type, start: match.index, end: match.index + match[0].length });
      if (match[0].length === 0) global.lastIndex++;
    }
  }
  matches.sort((left, right) => left.start - right.start || right.end - left.end);
  const kept: PiiMatch[] = [];
  for (const match of matches) {
    const last = kept.at(-1);
    if (last === undefined || match.start >= last.end) kept.push(match);
  }
  return kept;
}

/** A PEM private key, header to footer (bounded body), or the lone header. */
const PRIVATE_KEY_BLOCK = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----(?:[A-Za-z0-9+/=\s:,-]{0,8192}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----)?/g;
const ALL_TYPES: ReadonlySet<PiiType> = new Set(ORDER);

/** The detectors with global patterns (compiled once): a private key's match is its whole PEM block. */
const SPAN_DETECTORS: readonly Detector[] = DETECTORS.map((detector) => {
  if (detector.type === 'private_key') return { ...detector, pattern: PRIVATE_KEY_BLOCK };
  return detector.pattern.global ? detector : { ...detector, pattern: new RegExp(detector.pattern.source, `${detector.pattern.flags}g`) };
});

function hasMatch(text: string, pattern: RegExp, accept: Detector['accept']): boolean {
  if (accept === undefined) return pattern.test(text);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (accept(match)) return true;
  }
  return false;
}

function isPhoneLength(candidate: string): boolean {
  const digits = candidate.replace(NON_DIGIT, '').length;
  return digits >= 8 && digits <= 15;
}

/** `BE68 5390 0754 7034 AND` matches up to `AND`; retry without up to two trailing groups. */
function isIbanWithTrailingWords(candidate: string): boolean {
  let text = candidate;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (isIban(text)) return true;
    const lastSpace = text.lastIndexOf(' ');
    if (lastSpace === -1) return false;
    text = text.slice(0, lastSpace);
  }
  return false;
}

/** Luhn checksum over a card number with an issuer prefix. */
export function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(NON_DIGIT, '');
  if (digits.length < 13 || digits.length > 19 || !CARD_ISSUER.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 13616: 15–34 characters whose rearranged digits are 1 mod 97. */
export function isIban(candidate: string): boolean {
  const compact = candidate.replaceAll(' ', '');
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55; // '0'-'9' → 0-9, 'A'-'Z' → 10-35
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** A secret-shaped value: mixed letters and digits and at least 3 bits of entropy per character. */
function looksRandom(value: string): boolean {
  if (value.length < 16 || !HAS_DIGIT.test(value) || !(HAS_LOWER.test(value) || HAS_UPPER.test(value))) return false;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    entropy -= share * Math.log2(share);
  }
  return entropy >= 3;
}
