const BACKSLASH = 0x5c;

/**
 * Index of the quote that closes the JSON string opening at `start` in `text`, or -1. Escaped
 * quotes (an odd run of backslashes before them) are skipped; the contents are jumped over with the
 * engine's `indexOf`, which is what makes the pre-parse scans over request bodies cheap.
 */
export function closingJsonQuote(text: string, start: number): number {
  for (let index = text.indexOf('"', start + 1); index !== -1; index = text.indexOf('"', index + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(index - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return index;
  }
  return -1;
}
