import { parseArgs } from 'node:util';
import { findConfigFindings } from '../checks/find-config-findings.ts';
import { compileConfig } from '../config/compile-config.ts';
import { ConfigError, formatConfigIssue } from '../config/config-error.ts';
import { readConfigText } from '../config/load-config.ts';
import { parseConfigText } from '../config/parse-config-text.ts';
import { defaultConfigPath } from './default-config-path.ts';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * `switchyard check`: validate and compile, then run the static checks (shadowed rules, capability
 * conflicts). Every problem is printed as file:line:column: path: message; exit 1 on any error,
 * 0 with warnings only.
 */
export async function runCheck(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' } } });
  const file = defaultConfigPath(values.config, process.env);
  try {
    const text = await readConfigText(file);
    const { raw, locate } = parseConfigText(text, file, process.env);
    const config = compileConfig(raw, { file, text, locate });
    const findings = findConfigFindings(raw, file, locate);
    const errors = findings.filter((finding) => finding.severity === 'error');
    for (const finding of findings) {
      const stream = finding.severity === 'error' ? process.stderr : process.stdout;
      stream.write(`${formatConfigIssue({ ...finding, message: `${finding.severity}: ${finding.message}` })}\n`);
    }
    if (errors.length > 0) {
      process.stderr.write(`${plural(errors.length, 'error')}, ${plural(findings.length - errors.length, 'warning')} found\n`);
      return 1;
    }
    const warned = findings.length === 0 ? '' : ` (${plural(findings.length, 'warning')})`;
    process.stdout.write(`${file}: ok — ${config.providers.size} providers, ${config.deployments.size} models, ${config.routers.size} routers${warned}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) process.stderr.write(`${formatConfigIssue(issue)}\n`);
    process.stderr.write(`${plural(error.issues.length, 'problem')} found\n`);
    return 1;
  }
}
