import { findConfigFindings } from '../checks/find-config-findings.ts';
import type { ConfigFinding } from '../checks/config-finding.ts';
import { ConfigError } from '../config/config-error.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { readConfigText } from '../config/load-config.ts';
import { parseConfigText } from '../config/parse-config-text.ts';
import { createHash } from 'node:crypto';

export type ConfigView = {
  file: string;
  hash: string;
  /** The file's text with every configured secret taken out by value; null when it cannot be read. */
  text: string | null;
  /** The file changed on disk since it was loaded (the text and findings are the file's, not what runs). */
  changed_on_disk: boolean;
  /** What `switchyard check` says of the file: its static findings, or the problems that stop it loading. */
  findings: Array<Pick<ConfigFinding, 'severity' | 'line' | 'column' | 'path' | 'message'>>;
};

/**
 * The loaded config as the console shows it: the file's text, redacted, and `switchyard check`'s
 * findings on it (read when asked, off the request path; `${VAR}` resolved from `environment`).
 */
export async function readConfigView(config: CompiledConfig, environment: Readonly<Record<string, string | undefined>>, redact: (text: string) => string): Promise<ConfigView> {
  const view: ConfigView = { file: config.file, hash: config.hash, text: null, changed_on_disk: false, findings: [] };
  let text: string;
  try {
    text = await readConfigText(config.file);
  } catch (error) {
    const message = error instanceof ConfigError ? (error.issues[0]?.message ?? 'unreadable') : String(error);
    view.findings.push({ severity: 'warning', line: undefined, column: undefined, path: '', message: redact(`the config file cannot be read: ${message}`) });
    return view;
  }
  view.text = redact(text);
  view.changed_on_disk = createHash('sha256').update(text).digest('hex') !== config.hash;
  try {
    const { raw, locate } = parseConfigText(text, config.file, environment);
    view.findings = findConfigFindings(raw, config.file, locate).map(({ severity, line, column, path, message }) => ({ severity, line, column, path, message: redact(message) }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    view.findings = error.issues.map(({ line, column, path, message }) => ({ severity: 'error' as const, line, column, path, message: redact(message) }));
  }
  return view;
}
