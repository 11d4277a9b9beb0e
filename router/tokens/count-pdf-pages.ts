/**
 * Bytes of PDF per page assumed when the page objects cannot be seen (a PDF 1.5+ file may keep
 * them inside compressed object streams): about a text page with its fonts.
 */
const BYTES_PER_PAGE_GUESS = 50_000;

/** A page object's type entry: `/Type /Page`, not `/Type /Pages` (the page tree). */
const PAGE_OBJECT = /\/Type\s*\/Page(?![A-Za-z])/g;

/**
 * How many pages a base64 PDF has: its `/Type /Page` objects, or (none visible) its decoded size
 * at ~50 KB a page. At least 1. An estimate for token counting, never a PDF parser.
 */
export function countPdfPages(base64: string): number {
  const bytes = Buffer.from(base64, 'base64');
  const pages = bytes.toString('latin1').match(PAGE_OBJECT)?.length ?? 0;
  if (pages > 0) return pages;
  return Math.max(1, Math.ceil(bytes.length / BYTES_PER_PAGE_GUESS));
}
