import { LineCounter, parseDocument } from 'yaml';
import { createConfigLocator, type ConfigLocator } from './create-config-locator.ts';
import type { z } from 'zod';
import { configSchema, type RawConfig } from './config-schema.ts';
import { ConfigError, formatPath, type ConfigIssue } from './config-error.ts';
import { interpolateEnv } from './interpolate-env.ts';

/** For a union, report the branch that got furthest: the one with the deepest issue path. */
function flattenIssue(issue: z.core.$ZodIssue, basePath: PropertyKey[]): Array<{ path: PropertyKey[]; issue: z.core.$ZodIssue }> {
  const path = [...basePath, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.map((branch) => branch.flatMap((inner) => flattenIssue(inner, path)));
    const depth = (branch: Array<{ path: PropertyKey[] }>) => Math.max(...branch.map((entry) => entry.path.length));
    const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (depth(best) > path.length) return best;
  }
  return [{ path, issue }];
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `unknown ${String(issue.discriminator)} ${JSON.stringify(value)}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * YAML text → validated raw config (defaults applied). Throws ConfigError with every issue,
 * each with file, line and key path. No references are resolved here: see compileConfig.
 */
export function parseConfigText(
  text: string,
  file: string,
  environment: Readonly<Record<string, string | undefined>>,
): { raw: RawConfig; locate: ConfigLocator } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        return { file, line: position?.line, column: position?.col, path: '', message: `YAML syntax: ${error.message.split('\n')[0]}` };
      }),
    );
  }
  const locate = createConfigLocator(document, lines);
  const missing: Array<{ path: Array<string | number>; variable: string }> = [];
  const raw = interpolateEnv(document.toJS() ?? {}, environment, missing);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(({ path, variable }) => ({
        file,
        ...positionOf(locate(path)),
        path: formatPath(path),
        message: `environment variable ${variable} is not set`,
      })),
    );
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return { raw: result.data, locate };
  const issues: ConfigIssue[] = [];
  for (const top of result.error.issues) {
    for (const { path, issue } of flattenIssue(top, [])) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          issues.push({ file, ...positionOf(locate(path, key)), path: formatPath([...path, key]), message: 'unknown key' });
        }
        continue;
      }
      issues.push({ file, ...positionOf(locate(path)), path: formatPath(path), message: describe(issue, valueAt(raw, path)) });
    }
  }
  throw new ConfigError(issues);
}

function positionOf(position: { line: number; column: number } | undefined): { line: number | undefined; column: number | undefined } {
  return { line: position?.line, column: position?.column };
}
