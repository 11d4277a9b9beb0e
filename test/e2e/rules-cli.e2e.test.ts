import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway } from '../support/start-test-gateway.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/switchyard.mjs', import.meta.url).pathname;

async function switchyard(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const MODELS = `providers: { fake: { type: mock } }
models:
  a: { provider: fake, model: a, capabilities: { tools: false } }
  b: { provider: fake, model: b }
store: { kind: memory }
`;

describe('switchyard check and audit tail, as child processes', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
  });

  const write = async (name: string, text: string) => {
    const file = join(directory, name);
    await writeFile(file, text);
    return file;
  };

  it('points a condition parse error and an unknown signal at file:line', async () => {
    const text = `${MODELS}routers:\n  auto:\n    strategy: rules\n    rules:\n      - { if: "has_tools and (input_tokens > 5", use: b }\n    default: a\n  other:\n    strategy: rules\n    rules:\n      - { if: "streaming", use: b }\n      - { if: "input_tokenz > 10", use: a }\n    default: a\n`;
    const file = await write('bad.yaml', text);
    const { code, stderr } = await switchyard(['check', '--config', file]);
    const lineOf = (needle: string) => text.split('\n').findIndex((row) => row.includes(needle)) + 1;
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:${lineOf('(input_tokens > 5')}:`);
    expect(stderr).toContain('routers.auto.rules[0].if: invalid condition');
    expect(stderr).toMatch(new RegExp(`${file}:${lineOf('input_tokenz')}:\\d+: routers\\.other\\.rules\\[1\\]\\.if: .*input_tokenz.*input_tokens`));
  });

  it('prints static warnings with their place and still passes, and fails on a clear capability conflict', async () => {
    const shadowedText = `${MODELS}routers:\n  auto:\n    strategy: rules\n    rules:\n      - { if: "streaming", use: b }\n      - { if: "streaming and has_tools", use: b }\n    default: a\n`;
    const shadowed = await write('shadowed.yaml', shadowedText);
    const shadowedLine = shadowedText.split('\n').findIndex((row) => row.includes('streaming and has_tools')) + 1;
    const warned = await switchyard(['check', '--config', shadowed]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(new RegExp(`${shadowed}:${shadowedLine}:\\d+: routers\\.auto\\.rules\\[1\\]: warning: rule 'rules\\[1\\]' can never match`));
    expect(warned.stdout).toContain('ok — 1 providers, 2 models, 1 routers (1 warning)');

    const conflict = await write('conflict.yaml', `${MODELS}routers:\n  auto: { strategy: rules, rules: [{ if: "has_tools", use: a }], default: b }\n`);
    const failed = await switchyard(['check', '--config', conflict]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('routers.auto.rules[0].use: error: rule');
    expect(failed.stderr).toContain('1 error, 0 warnings found');
  });

  it('rejects a tier router with an empty tier or an unknown target', async () => {
    const file = await write('tiers.yaml', `${MODELS}routers:\n  t: { strategy: tier, tiers: { free: [], pro: [nowhere] }, default_tier: free }\n`);
    const { code, stderr } = await switchyard(['check', '--config', file]);
    expect(code).toBe(1);
    expect(stderr).toContain('routers.t.tiers.free');
  });

  describe('audit tail', () => {
    let upstream: FakeUpstream;
    beforeAll(async () => {
      upstream = await startFakeUpstream();
    });
    afterAll(async () => upstream.close());

    it('prints the newest requests from the SQLite audit log', async () => {
      const gateway = await startTestGateway(`store: { kind: sqlite, path: state.db }\nproviders: { up: { type: openai-compatible, base_url: "${upstream.url}/v1" } }\nmodels: { m: { provider: up, model: m, price: { input: 1, output: 1 } } }\nrouters: { r: { strategy: single, target: m } }\n`);
      try {
        for (const content of ['one', 'two', 'three']) await gateway.openai.chat.completions.create({ model: 'r', messages: [{ role: 'user', content }] });
        upstream.setBehavior({ kind: 'status', status: 500 });
        await gateway.openai.chat.completions.create({ model: 'r', messages: [{ role: 'user', content: 'four' }] }).catch(() => undefined);
        await fetch(`${gateway.url}/admin/decisions?limit=1`); // flushes the buffer
        const { code, stdout } = await switchyard(['audit', 'tail', '--config', gateway.configFile, '-n', '2']);
        expect(code).toBe(0);
        const lines = stdout.trim().split('\n');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/success +200 {2}r → m {2}attempts m:success {2}in \d+ out \d+ {2}\$0\.0000\d+/);
        expect(lines[1]).toMatch(/error +502 {2}r → ✗ {2}attempts m:failed\(HTTP 500.*\) {2}error upstream_error/);
        const json = await switchyard(['audit', 'tail', '--config', gateway.configFile, '-n', '1', '--json']);
        expect(JSON.parse(json.stdout)).toMatchObject({ status: 'error', router: 'r' });
      } finally {
        upstream.reset();
        await gateway.close();
      }
    });
  });
});
