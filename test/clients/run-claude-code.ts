/**
 * Runs the real Claude Code binary (the pinned devDependency) once in print mode against a given
 * Anthropic base URL, in a throwaway HOME so no user settings, credentials or history leak in or
 * out, with every kind of non-essential traffic (telemetry, auto-update, error reports) switched
 * off: the machine has no internet, and a test must not depend on it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLAUDE_CODE_BINARY = resolve(import.meta.dirname, '../../node_modules/.bin/claude');

/** Why Claude Code cannot run here, or undefined when it can (tests skip with this reason). */
export function claudeCodeUnavailable(): string | undefined {
  return existsSync(CLAUDE_CODE_BINARY) ? undefined : `Claude Code is not installed at ${CLAUDE_CODE_BINARY} (npm install adds it as a devDependency)`;
}

export type ClaudeCodeRun = { exitCode: number | null; stdout: string; stderr: string };

export type ClaudeCodeOptions = {
  /** `http://127.0.0.1:PORT`: an upstream or the gateway. */
  baseUrl: string;
  prompt: string;
  /** Working directory (the files its tools may read). */
  cwd: string;
  /** Sent as `x-api-key`. */
  apiKey?: string;
  /** Extra command-line arguments (`--model`, `--allowedTools`…). */
  args?: readonly string[];
  /** Extra environment (e.g. `MAX_THINKING_TOKENS`). */
  env?: Record<string, string>;
  timeoutMs?: number;
};

/** Environment that keeps Claude Code from phoning home (no telemetry, updater, error reports or feedback survey). */
const QUIET_ENVIRONMENT = {
  DISABLE_TELEMETRY: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_BUG_COMMAND: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
};

export async function runClaudeCode(options: ClaudeCodeOptions): Promise<ClaudeCodeRun> {
  const home = await mkdtemp(join(tmpdir(), 'switchyard-claude-home-'));
  try {
    const child = spawn(CLAUDE_CODE_BINARY, ['-p', options.prompt, ...(options.args ?? [])], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        TMPDIR: tmpdir(),
        ANTHROPIC_BASE_URL: options.baseUrl,
        ANTHROPIC_API_KEY: options.apiKey ?? 'sk-ant-test-not-a-real-key',
        ...QUIET_ENVIRONMENT,
        ...options.env,
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
        reject(new Error(`Claude Code did not finish within ${timeoutMs} ms; stderr: ${stderr.slice(0, 2000)}`));
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
