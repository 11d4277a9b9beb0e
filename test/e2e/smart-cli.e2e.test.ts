import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreWithShippedModel } from '../support/score-with-shipped-model.ts';

const bin = fileURLToPath(new URL('../../bin/switchyard.mjs', import.meta.url));

function run(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin ?? '');
  });
}

const config = `
store: { kind: memory }
scorer: { pool_size: 1 }
providers:
  local: { type: mock }
models:
  strong: { provider: local, model: gpt-4-1106-preview }
  weak:   { provider: local, model: Mixtral-8x7B-Instruct-v0.1 }
  house:  { provider: local, model: house-model, price: { input: 0.5, output: 1.5 }, capabilities: { tools: false } }
routers:
  smart: { strategy: smart, axis: balanced, candidates: [weak, strong, house] }
  strong-chain: { strategy: failover, targets: [strong, weak] }
  weak-chain: { strategy: failover, targets: [weak, strong] }
  regions: { strategy: smart, axis: quality, candidates: [weak-chain, strong-chain] }
`;

describe('switchyard score and explain (child process)', () => {
  let configFile: string;
  beforeAll(async () => {
    configFile = join(await mkdtemp(join(tmpdir(), 'switchyard-cli-')), 'switchyard.yaml');
    await writeFile(configFile, config);
  });

  it('score: one JSON line per input line, in order, with predicted quality per named model', async () => {
    const input = [
      JSON.stringify({ id: 'p1', prompt: 'Prove that every finite integral domain is a field.' }),
      JSON.stringify({ id: 'm1', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'What is 2+2?' }] }] }),
      '',
      JSON.stringify({ id: 'bad' }),
    ].join('\n');
    const { code, stdout } = await run(['score', '--config', configFile, '--models', 'strong,weak,house,claude-opus-4.6'], input);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.id)).toEqual(['p1', 'm1', 'bad']);
    // p1 is rated whole, m1 on its latest user message; the CLI rounds to four decimals.
    const expected = await scoreWithShippedModel(['Prove that every finite integral domain is a field.', 'What is 2+2?']);
    lines.slice(0, 2).forEach((line, index) => expect(line.complexity).toBe(Number(expected[index]!.difficulty.toFixed(4))));
    for (const line of lines.slice(0, 2)) {
      expect(line.input_tokens).toBeGreaterThan(0);
      expect(typeof line.ms).toBe('number');
      const quality = line.quality as Record<string, number>;
      expect(Object.keys(quality)).toEqual(['strong', 'weak', 'house', 'claude-opus-4.6']);
      expect(quality.strong).toBeGreaterThan(quality.weak!);
    }
    expect(lines[2]!.error).toMatch(/prompt/);
    expect(code).toBe(1);
  });

  it('score: a messages line is rated on its latest user message and counted whole', async () => {
    const system = 'You are the support assistant of Acme Corp. Be polite and brief; never promise delivery dates. '.repeat(60);
    const input = [
      JSON.stringify({ id: 'alone', prompt: 'hi' }),
      JSON.stringify({ id: 'context', messages: [{ role: 'system', content: system }, { role: 'user', content: 'hi' }] }),
    ].join('\n');
    const { code, stdout } = await run(['score'], input);
    const [alone, context] = stdout.trim().split('\n').map((line) => JSON.parse(line) as { complexity: number; input_tokens: number });
    expect(code).toBe(0);
    expect(context!.complexity).toBe(alone!.complexity);
    expect(alone!.input_tokens).toBe(1);
    expect(context!.input_tokens).toBeGreaterThan(1000);
  });

  it('score without --models writes no quality, and refuses an unknown model', async () => {
    const plain = await run(['score'], JSON.stringify({ id: 1, prompt: 'hello' }) + '\n');
    expect(plain.code).toBe(0);
    expect(Object.keys(JSON.parse(plain.stdout) as object).sort()).toEqual(['complexity', 'id', 'input_tokens', 'ms']);
    const unknown = await run(['score', '--models', 'no-such-model'], '');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown model 'no-such-model'/);
  });

  it('explain: difficulty, each candidate, the filters and the choice', async () => {
    const { code, stdout } = await run(['explain', '--config', configFile, '--router', 'smart', 'Prove that every finite integral domain is a field.']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/difficulty: 0\.\d+ \(IRT logit/);
    for (const name of ['strong', 'weak', 'house']) expect(stdout).toContain(name);
    expect(stdout).toMatch(/filters: none excluded/);
    const starred = /^\* (\S+)/m.exec(stdout)?.[1];
    expect(stdout).toContain(`choice: ${starred} (then `);
  });

  it('explain: an OpenAI body on stdin, as JSON, with capability filtering', async () => {
    const body = { messages: [{ role: 'user', content: 'Look up the weather in Paris.' }], tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }] };
    const { code, stdout } = await run(['explain', '--config', configFile, '--router', 'smart', '--json'], JSON.stringify(body));
    expect(code).toBe(0);
    const explained = JSON.parse(stdout) as { targets: string[]; detail: { excluded: Array<{ name: string; reason: string }>; candidates: Array<{ name: string; quality: number; score: number }> } };
    expect(explained.detail.excluded).toEqual(expect.arrayContaining([{ name: 'house', reason: 'no tool calling' }, { name: 'weak', reason: 'no tool calling' }]));
    expect(explained.targets).toEqual(['strong']);
    expect(explained.detail.candidates[0]).toMatchObject({ name: 'strong' });
  });

  it('explain: a smart router over failover routers shows both levels and the deployment tried first', async () => {
    const { code, stdout } = await run(['explain', '--config', configFile, '--router', 'regions', 'Prove that every finite integral domain is a field.']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/axis quality \(70 % to the most capable, band 2 %\)/);
    expect(stdout).toContain('routers scored by their first deployment: strong-chain as strong, weak-chain as weak');
    expect(stdout).toMatch(/gain of strong-chain over weak-chain: [\d.]+ \(cut [\d.]+, band down to [\d.]+\): (strong|band|weak) side/);
    const chosen = /^choice: (\S+)/m.exec(stdout)?.[1];
    const expected = chosen === 'strong-chain' ? 'strong-chain (strategy failover): strong, weak\nfirst deployment: strong' : 'weak-chain (strategy failover): weak, strong\nfirst deployment: weak';
    expect(stdout).toContain(`then router: ${expected}`);
    const json = JSON.parse((await run(['explain', '--config', configFile, '--router', 'regions', '--json', 'Prove that every finite integral domain is a field.'])).stdout) as { nested: Array<{ router: string }>; firstDeployment: string };
    expect(json.nested.map((decision) => decision.router)).toEqual([chosen]);
  });
});
