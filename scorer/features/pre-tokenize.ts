/**
 * cl100k_base's pre-tokenization: splits text into the pieces tiktoken byte-pair-encodes one by one,
 * so encoding piece by piece (with a cache) gives exactly tiktoken's token ids. ASCII text goes
 * through a hand-written scanner (the Unicode regex costs ~50 µs per 1,000 characters); text with
 * any non-ASCII character falls back to the regex.
 *
 * One deliberate departure from tiktoken: a piece longer than `maxPieceLength` characters (a run of
 * letters with no space, a long symbol run, base64, a minified blob) is cut into chunks of at most
 * `maxPieceLength` characters. Byte-pair encoding is superlinear in the piece length, so one
 * 2,048-character piece cost ~13 ms; chunked, the worst case stays within a few × the typical cost.
 * Ordinary text has no such pieces, so its tokens are exactly tiktoken's. (One more, by accident of
 * regex dialects: JavaScript's `\s` lacks U+0085 NEL, which tiktoken's Rust regex counts as space.) Training and runtime
 * both pre-tokenize here, so the model sees the same ids either way.
 */
export const maxPieceLength = 64;

/** Visits [start, end) as one piece, or in chunks of at most `maxPieceLength` characters. */
function visitChunks(text: string, start: number, end: number, visit: PieceVisitor): void {
  if (end - start <= maxPieceLength) {
    visit(start, end);
    return;
  }
  let chunkStart = start;
  while (chunkStart < end) {
    let chunkEnd = Math.min(end, chunkStart + maxPieceLength);
    // Never split a surrogate pair.
    const code = text.charCodeAt(chunkEnd - 1);
    if (chunkEnd < end && code >= 0xd800 && code <= 0xdbff) chunkEnd -= 1;
    visit(chunkStart, chunkEnd);
    chunkStart = chunkEnd;
  }
}

/** Receives each piece as a range of the text, so a caller that only looks pieces up need not slice them. */
export type PieceVisitor = (start: number, end: number) => void;

const cl100kPattern = /'(?:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/giu;

const letter = 1;
const digit = 2;
const whitespace = 4;
const newline = 8;
const characterClass = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const character = String.fromCharCode(code);
  if (/[A-Za-z]/.test(character)) characterClass[code] = letter;
  else if (/[0-9]/.test(character)) characterClass[code] = digit;
  else if (/\s/.test(character)) characterClass[code] = whitespace | (code === 10 || code === 13 ? newline : 0);
}

const isAsciiPattern = /^[\x00-\x7f]*$/;

/** The pieces of `text`, in order; they concatenate back to it. */
export function preTokenize(text: string): string[] {
  const pieces: string[] = [];
  forEachPiece(text, (start, end) => pieces.push(text.slice(start, end)));
  return pieces;
}

/** Visits every piece of `text` in order (see `preTokenize`). */
export function forEachPiece(text: string, visit: PieceVisitor): void {
  if (!isAsciiPattern.test(text)) {
    for (const match of text.matchAll(cl100kPattern)) visitChunks(text, match.index, match.index + match[0].length, visit);
    return;
  }
  const length = text.length;
  const classAt = (index: number): number => (index < length ? characterClass[text.charCodeAt(index)]! : -1);
  let start = 0;
  while (start < length) {
    const kind = classAt(start);
    let end = start + 1;
    if (text.charCodeAt(start) === 39 && contractionLength(text, start + 1) > 0) {
      end = start + 1 + contractionLength(text, start + 1);
    } else if (kind === letter || ((kind & newline) === 0 && kind !== digit && classAt(start + 1) === letter)) {
      while (classAt(end) === letter) end += 1;
    } else if (kind === digit) {
      while (end < start + 3 && classAt(end) === digit) end += 1;
    } else if (kind === 0 || (text.charCodeAt(start) === 32 && classAt(start + 1) === 0)) {
      while (classAt(end) === 0) end += 1;
      while (end < length && (classAt(end) & newline) !== 0) end += 1;
    } else {
      let runEnd = start;
      let lastNewline = -1;
      while (runEnd < length && (classAt(runEnd) & whitespace) !== 0) {
        if ((classAt(runEnd) & newline) !== 0) lastNewline = runEnd;
        runEnd += 1;
      }
      if (lastNewline >= 0) end = lastNewline + 1;
      else if (runEnd === length || runEnd - start === 1) end = runEnd;
      else end = runEnd - 1;
    }
    visitChunks(text, start, end, visit);
    start = end;
  }
}

/** Length of a contraction suffix (s, d, m, t, ll, ve, re; any case) at `index`, else 0. */
function contractionLength(text: string, index: number): number {
  const first = text.charCodeAt(index) | 32;
  if (first === 115 || first === 100 || first === 109 || first === 116) return 1;
  const second = text.charCodeAt(index + 1) | 32;
  if ((first === 108 && second === 108) || (first === 118 && second === 101) || (first === 114 && second === 101)) return 2;
  return 0;
}
