/**
 * A catalog lookup key: lowercase, `.`/`_`/`:`/spaces → `-`, a trailing date stamp dropped
 * (`claude-haiku-4-5-20251001` → `claude-haiku-4-5`). So `claude-opus-4.6` (catalog) and
 * `claude-opus-4-6` (provider id) meet.
 */
export function normalizeModelName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[._:\s]+/g, '-')
    .replace(/-(20\d{6}|\d{4}-\d{2}-\d{2})$/, '');
}
