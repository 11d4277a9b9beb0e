import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/switchyard.mjs', import.meta.url));
const forbidTsx = fileURLToPath(new URL('./__fixtures__/forbid-tsx.mjs', import.meta.url));

function run(nodeFlags: string[], args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...nodeFlags, bin, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin);
  });
}

describe('the compiled build (dist/, built by the test run\'s globalSetup)', () => {
  it('runs the CLI and the scorer worker threads without tsx', async () => {
    const configFile = join(await mkdtemp(join(tmpdir(), 'switchyard-compiled-')), 'switchyard.yaml');
    await writeFile(configFile, 'store: { kind: memory }\nscorer: { pool_size: 1 }\nproviders:\n  local: { type: mock }\nmodels:\n  m: { provider: local, model: m }\nrouters:\n  r: { strategy: single, target: m }\n');
    const input = JSON.stringify({ id: 'p1', prompt: 'Prove that every finite integral domain is a field.' });
    const { code, stdout, stderr } = await run(['--import', forbidTsx], ['score', '--config', configFile], input);
    expect(stderr).not.toMatch(/tsx imported/);
    expect(code).toBe(0);
    const line = JSON.parse(stdout.trim()) as { id: string; input_tokens: number };
    expect(line.id).toBe('p1');
    expect(line.input_tokens).toBe(11); // cl100k_base, checked with tiktoken
  });

  it('the guard is real: the same hook refuses the tsx bootstrap the sources use', async () => {
    const bootstrap = fileURLToPath(new URL('../../scorer/worker/score-worker-bootstrap.mjs', import.meta.url));
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', forbidTsx, bootstrap], { timeout: 60_000 }, (error, _stdout, stderr) => {
        resolve({ code: error ? 1 : 0, stderr });
      });
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/tsx imported at runtime: tsx\/esm\/api/);
  });
});
