/** One problem found in a config file, pointing at the exact place. */
export type ConfigIssue = {
  file: string;
  /** 1-based; undefined when the problem has no place in the file (e.g. a missing key's parent). */
  line: number | undefined;
  column: number | undefined;
  /** Key path such as `routers.smart.candidates[2]`. */
  path: string;
  message: string;
};

export function formatConfigIssue(issue: ConfigIssue): string {
  const place = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path === '' ? `${place}: ${issue.message}` : `${place}: ${issue.path}: ${issue.message}`;
}

/** The config cannot be loaded. Carries every issue found, not just the first. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(`invalid config:\n${issues.map((issue) => `  ${formatConfigIssue(issue)}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
