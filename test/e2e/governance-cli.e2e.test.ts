import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../router/cli/admin-api-client.ts';
import { runKeys } from '../../router/cli/run-keys.ts';
import { runSpend } from '../../router/cli/run-spend.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const ADMIN = 'admin-token-0123456789';

const config = `
store: { kind: memory }
server: { admin_token: ${ADMIN} }
providers:
  local: { type: mock }
models:
  cheap-model: { provider: local, model: mock-cheap, price: { input: 1, output: 2 } }
routers:
  cheap: { strategy: single, target: cheap-model }
projects:
  team: { allowed: [cheap] }
`;

describe('switchyard keys and switchyard spend talk to the admin API', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway(config);
  });
  afterAll(() => test.close());

  const run = async (command: typeof runKeys, args: string[], environment: Record<string, string> = { SWITCHYARD_URL: test.url, SWITCHYARD_ADMIN_TOKEN: ADMIN }) => {
    let stdout = '';
    let stderr = '';
    const io: CommandIo = { stdout: { write: (text) => void (stdout += text) }, stderr: { write: (text) => void (stderr += text) }, environment };
    const code = await command(args, io);
    return { code, stdout, stderr };
  };

  it('creates, lists, rotates and revokes a key; the key it prints works until rotated', async () => {
    const created = await run(runKeys, ['create', '--project', 'team', '--name', 'cli-app', '--rpm', '10', '--tag', 'env=ci', '--json']);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { key: string; id: string; limits: { rpm: number }; tags: Record<string, string> };
    expect(key).toMatchObject({ limits: { rpm: 10 }, tags: { env: 'ci' } });
    const openai = (apiKey: string) => new OpenAI({ baseURL: `${test.url}/v1`, apiKey, maxRetries: 0 });
    expect((await openai(key.key).chat.completions.create({ model: 'cheap', messages: [{ role: 'user', content: 'hi' }] })).choices).toHaveLength(1);

    const listed = await run(runKeys, ['list']);
    expect(listed.stdout).toContain(`${key.id}  active   team/cli-app`);
    expect(listed.stdout).not.toContain(key.key);

    const rotated = await run(runKeys, ['rotate', key.id]);
    const newKey = rotated.stdout.split('\n')[1]!;
    expect(newKey).toMatch(new RegExp(`^sy-${key.id}-`));
    await expect(openai(key.key).chat.completions.create({ model: 'cheap', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
    expect((await openai(newKey).chat.completions.create({ model: 'cheap', messages: [{ role: 'user', content: 'hi' }] })).choices).toHaveLength(1);

    expect((await run(runKeys, ['revoke', key.id])).stdout).toContain('revoked');
    await expect(openai(newKey).chat.completions.create({ model: 'cheap', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
  });

  it('prints the spend report, and fails clearly with a wrong admin token', async () => {
    const report = await run(runSpend, ['--group-by', 'project,model', '--json']);
    const parsed = JSON.parse(report.stdout) as { total: { requests: number; cost_usd: number }; groups: Array<{ project: string; model: string; requests: number }> };
    expect(parsed.groups).toContainEqual(expect.objectContaining({ project: 'team', model: 'cheap-model', requests: 2 }));
    expect(parsed.total.cost_usd).toBeGreaterThan(0);
    const table = await run(runSpend, ['--group-by', 'project']);
    expect(table.stdout).toMatch(/^team\s+2\s+\d+\s+0\.\d{6}$/m);
    await expect(run(runKeys, ['list'], { SWITCHYARD_URL: test.url, SWITCHYARD_ADMIN_TOKEN: 'wrong-token-000000' })).rejects.toThrow(/^401: The admin API needs/);
  });
});
