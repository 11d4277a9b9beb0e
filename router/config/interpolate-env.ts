const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type MissingVariable = { path: Array<string | number>; variable: string };

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string of a parsed config tree.
 * Returns a new tree; reports each unset variable with the key path that referenced it.
 */
export function interpolateEnv(
  value: unknown,
  environment: Readonly<Record<string, string | undefined>>,
  missing: MissingVariable[] = [],
  path: Array<string | number> = [],
): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    return value.replace(REFERENCE, (_match, variable: string, fallback: string | undefined) => {
      const resolved = environment[variable];
      if (resolved !== undefined && resolved !== '') return resolved;
      if (fallback !== undefined) return fallback;
      missing.push({ path, variable });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateEnv(item, environment, missing, [...path, index]));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = interpolateEnv(item, environment, missing, [...path, key]);
    return result;
  }
  return value;
}
