import type { NameAllowList } from './compiled-project.ts';

/** Whether a pattern has glob characters (`*` any run, `?` one character). */
export function isNamePattern(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const character of pattern) {
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** `allowed: [smart, "gpt-*"]` → one matcher, built once at load (no RegExp per request). */
export function compileNameAllowList(patterns: readonly string[]): NameAllowList {
  const exact = new Set(patterns.filter((pattern) => !isNamePattern(pattern)));
  const globs = patterns.filter(isNamePattern).map(globToRegExp);
  return Object.freeze({
    patterns: Object.freeze([...patterns]),
    allows: (name: string) => exact.has(name) || globs.some((glob) => glob.test(name)),
  });
}
