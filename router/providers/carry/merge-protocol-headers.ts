/** Header values that are comma-separated lists, joined rather than replaced. */
const LIST_HEADERS = new Set(['anthropic-beta']);

/**
 * An adapter's headers for one carried call: the client's protocol headers replace the adapter's
 * defaults (`anthropic-version`), except those the provider's `headers` config sets (the operator
 * wins); list headers (`anthropic-beta`) join both lists, without duplicates.
 */
export function mergeProtocolHeaders(
  adapterHeaders: Readonly<Record<string, string>>,
  configured: Readonly<Record<string, string>>,
  client: Readonly<Record<string, string>>,
): Record<string, string> {
  const names = Object.keys(client);
  if (names.length === 0) return adapterHeaders as Record<string, string>;
  const configuredNames = new Set(Object.keys(configured).map((name) => name.toLowerCase()));
  const merged: Record<string, string> = { ...adapterHeaders };
  for (const name of names) {
    const value = client[name]!;
    const existing = merged[name];
    if (LIST_HEADERS.has(name) && existing !== undefined) merged[name] = joinLists(existing, value);
    else if (!configuredNames.has(name)) merged[name] = value;
  }
  return merged;
}

function joinLists(first: string, second: string): string {
  const items = [...first.split(','), ...second.split(',')].map((item) => item.trim()).filter((item) => item !== '');
  return [...new Set(items)].join(',');
}
