import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../router/runtime/create-gateway.ts';
import { scoreWithShippedModel } from '../support/score-with-shipped-model.ts';

const run = promisify(execFile);
const CLI = new URL('../../bin/switchyard.mjs', import.meta.url).pathname;
const DEMO = new URL('../../config/demo.yaml', import.meta.url).pathname;

describe('the demo config of the quick start', () => {
  let gateway: Gateway;
  let client: OpenAI;
  // The flaky mock fails when random() < 0.3: alternate a failing and a passing draw.
  const draws = [0.1, 0.9];
  let draw = 0;

  beforeAll(async () => {
    // The demo as shipped but for the scorer's 50 ms default timeout, a latency bound a loaded test
    // machine can miss on a cold first score (the complexity header is then absent, by design).
    const configText = `${await readFile(DEMO, 'utf8')}\nscorer: { timeout_ms: 10000 }\n`;
    gateway = await createGateway({ configText, watch: false, logger: false, random: () => draws[draw++ % draws.length]! });
    const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
    client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'none', maxRetries: 0 });
  });
  afterAll(() => gateway.close(200));

  it('serves the failover router with no API key, failing over from the flaky mock', async () => {
    draw = 0;
    const { data, response } = await client.chat.completions.create({ model: 'premium', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('small-model');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(data.choices[0]?.message.content).toBe('[mock-small] mock answer to: hello');
  });

  it('routes with the scorer on the smart router, and by rules on auto', async () => {
    const smart = await client.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    const [hello] = await scoreWithShippedModel(['hello']);
    expect(smart.response.headers.get('x-switchyard-complexity')).toBe(hello!.difficulty.toFixed(3));
    const privateCall = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'mail jane.doe@example.com the invoice' }] })
      .withResponse();
    expect(privateCall.response.headers.get('x-switchyard-rule')).toBe('private');
    expect(privateCall.response.headers.get('x-switchyard-model')).toBe('small-model');
  });

  it('lists the demo routers', async () => {
    const ids = (await client.models.list()).data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['premium', 'canary', 'mixed', 'smart', 'auto', 'big-model', 'small-model']));
  });
});

describe('switchyard check', () => {
  it('accepts the demo config', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'check', '--config', DEMO]);
    expect(stdout).toMatch(/ok — 2 providers, 2 models, 5 routers/);
  });

  it('prints each problem with file, line and key path, and exits 1', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-check-'));
    const file = join(directory, 'bad.yaml');
    await writeFile(file, 'providers:\n  m: { type: mock, latncy_ms: 5 }\nmodels:\n  a: { provider: m, model: x }\nrouters:\n  r: { strategy: failover, targets: [a, b] }\n');
    const failure = (await run(process.execPath, [CLI, 'check', '--config', file]).catch((error: unknown) => error)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain(`${file}:2:20: providers.m.latncy_ms: unknown key`);
    expect(failure.stderr).toContain('1 problem found');
  });

  it('reports reference errors once the schema is right', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-check-'));
    const file = join(directory, 'bad.yaml');
    await writeFile(file, 'providers:\n  m: { type: mock }\nmodels:\n  a: { provider: m, model: x }\nrouters:\n  r: { strategy: failover, targets: [a, b] }\n');
    const failure = (await run(process.execPath, [CLI, 'check', '--config', file]).catch((error: unknown) => error)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain(`${file}:6:41: routers.r.targets[1]: unknown model or router 'b'`);
  });
});
