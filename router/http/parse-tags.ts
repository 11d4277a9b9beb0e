/** `x-switchyard-tags: tier=free,region=eu` → { tier: 'free', region: 'eu' }. Malformed pairs are skipped. */
export function parseTags(header: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (header === undefined || header === '') return tags;
  for (const pair of header.split(',')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const key = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (key !== '') tags[key] = value;
  }
  return tags;
}
