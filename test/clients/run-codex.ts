/**
 * Runs the real Codex binary (the pinned `@openai/codex` devDependency) once with `codex exec`
 * against a Responses-API base URL. Each run gets a throwaway CODEX_HOME and HOME with a
 * `config.toml` that names one custom provider and switches off everything that would phone home
 * (update check, analytics, feedback, history), and `--strict-config` so a renamed setting in a
 * new Codex version fails loudly instead of being ignored. The machine has no internet.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODEX_BINARY = resolve(import.meta.dirname, '../../node_modules/.bin/codex');

/** A model slug in Codex's bundled catalog whose tools include the freeform `apply_patch` custom tool. */
export const CODEX_CATALOG_MODEL = 'gpt-5.5';

/** Why Codex cannot run here, or undefined when it can (tests skip with this reason). */
export function codexUnavailable(): string | undefined {
  return existsSync(CODEX_BINARY) ? undefined : `Codex is not installed at ${CODEX_BINARY} (npm install adds @openai/codex as a devDependency)`;
}

export type CodexRun = { exitCode: number | null; stdout: string; stderr: string };

export type CodexOptions = {
  /** The provider's base URL including `/v1`: an upstream or the gateway. */
  baseUrl: string;
  prompt: string;
  /** Working directory (where shell commands run and patches apply). */
  cwd: string;
  /** Sent as `Authorization: Bearer …`. */
  apiKey?: string;
  /** Default CODEX_CATALOG_MODEL. */
  model?: string;
  /** Extra top-level config.toml lines (`model_reasoning_effort = "high"`…). */
  config?: readonly string[];
  /**
   * Run tool calls without a sandbox (the tests run in a throwaway directory): the bundled
   * bubblewrap needs user namespaces that containers often lack. Default true.
   */
  bypassSandbox?: boolean;
  timeoutMs?: number;
};

export const CODEX_KEY_VARIABLE = 'SWITCHYARD_TEST_CODEX_KEY';

function configToml(options: CodexOptions): string {
  return [
    `model = ${JSON.stringify(options.model ?? CODEX_CATALOG_MODEL)}`,
    'model_provider = "switchyard"',
    'check_for_update_on_startup = false',
    ...(options.config ?? []),
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[feedback]',
    'enabled = false',
    '',
    '[history]',
    'persistence = "none"',
    '',
    '[model_providers.switchyard]',
    'name = "switchyard"',
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    'wire_api = "responses"',
    `env_key = "${CODEX_KEY_VARIABLE}"`,
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

export async function runCodex(options: CodexOptions): Promise<CodexRun> {
  const home = await mkdtemp(join(tmpdir(), 'switchyard-codex-home-'));
  try {
    await writeFile(join(home, 'config.toml'), configToml(options));
    const args = ['exec', '--strict-config', '--skip-git-repo-check', '--cd', options.cwd];
    if (options.bypassSandbox ?? true) args.push('--dangerously-bypass-approvals-and-sandbox');
    args.push(options.prompt);
    const child = spawn(CODEX_BINARY, args, {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        CODEX_HOME: home,
        TMPDIR: tmpdir(),
        [CODEX_KEY_VARIABLE]: options.apiKey ?? 'sk-test-not-a-real-key',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timeoutMs = options.timeoutMs ?? 60_000;
    const exitCode = await new Promise<number | null>((settle, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`Codex did not finish within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        settle(code);
      });
    });
    return { exitCode, stdout, stderr };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
