import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

function configFor(upstream: FakeUpstream): string {
  return `
server:
  api_keys:
    - { key: key-free-00001, name: free-app, tier: free }
    - { key: key-pro-000001, name: pro-app, tier: pro }
    - { key: key-anon-00001, name: anon-app }
    - { key: key-trust-0001, name: trusted-app, project: trusting }
    - { key: key-table-0001, name: table-app, project: own-table, tier: pro }
projects:
  trusting: { trust_tier_header: true }
  own-table: { tiers: { tiered: { pro: [seeing] } } }
store: { kind: memory }
defaults: { timeout_ms: 3000 }
circuit_breaker: { failure_threshold: 100, recovery_ms: 60000 }
providers:
  up: { type: openai-compatible, base_url: "${upstream.url}/v1" }
models:
  small:  { provider: up, model: small, max_input_tokens: 50, max_output_tokens: 100, capabilities: { tools: false } }
  big:    { provider: up, model: big, capabilities: { vision: false } }
  seeing: { provider: up, model: seeing, capabilities: { vision: true } }
  backup: { provider: up, model: backup }
routers:
  tiered:
    strategy: tier
    tiers:
      free: [small, backup]
      pro:  [big, backup]
    default_tier: free
  writer:   { strategy: single, target: big, params: { temperature: 0.3, max_tokens: 200, stop: "END" } }
  no-tools: { strategy: failover, capabilities: { tools: false }, targets: [big] }
`;
}

const TOOLS = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
const LONG = 'many words here '.repeat(40);

describe('tiers, logical models and limits, through the official openai client', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;
  const clients: Record<string, OpenAI> = {};
  const logLines: string[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(configFor(upstream), { logger: { level: 'info', stream: { write: (line: string) => void logLines.push(line) } } });
    for (const [name, key] of Object.entries({ free: 'key-free-00001', pro: 'key-pro-000001', anon: 'key-anon-00001', trusted: 'key-trust-0001', table: 'key-table-0001' })) {
      clients[name] = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: key, maxRetries: 0, timeout: 10_000 });
    }
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const ask = (client: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    clients[client]!.chat.completions.create({ model: 'tiered', messages: [{ role: 'user', content: 'hi' }], ...body } as never, { headers }).withResponse();
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected an error'); }, (error: { status: number; code: string; message: string }) => error);
  const served = (response: Response) => response.headers.get('x-switchyard-model');

  it('takes the tier from the key, which a client header cannot override', async () => {
    expect(served((await ask('pro', {})).response)).toBe('big');
    expect(served((await ask('free', {})).response)).toBe('small');
    expect(served((await ask('free', {}, { 'x-switchyard-tier': 'pro', 'x-switchyard-tags': 'tier=pro' })).response)).toBe('small');
  });

  it('refuses a tier chosen by header or tag to a key without one: the default tier serves it', async () => {
    expect(served((await ask('anon', {}, { 'x-switchyard-tier': 'pro' })).response)).toBe('small');
    expect(served((await ask('anon', {}, { 'x-switchyard-tags': 'tier=pro' })).response)).toBe('small');
    expect(served((await ask('anon', { metadata: { tier: 'pro' } })).response)).toBe('small');
    expect(served((await ask('anon', {})).response)).toBe('small');
  });

  it('takes the tier from the header or tag where the project trusts it; unknown tiers get the default', async () => {
    expect(served((await ask('trusted', {}, { 'x-switchyard-tier': 'pro' })).response)).toBe('big');
    expect(served((await ask('trusted', {}, { 'x-switchyard-tags': 'tier=pro' })).response)).toBe('big');
    expect(served((await ask('trusted', {}, { 'x-switchyard-tier': 'gold' })).response)).toBe('small');
    expect(served((await ask('trusted', {})).response)).toBe('small');
  });

  it("serves a project's own tier table instead of the router's", async () => {
    expect(served((await ask('table', {})).response)).toBe('seeing');
    expect(served((await ask('pro', {})).response)).toBe('big');
  });

  it('falls back down the tier when its first model fails', async () => {
    upstream.setBehaviorFor('small', { kind: 'status', status: 500 });
    const { response } = await ask('free', {});
    expect(served(response)).toBe('backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
  });

  it('lets a request naming a concrete model bypass the tier, limits still applying', async () => {
    expect(served((await ask('free', { model: 'big' })).response)).toBe('big');
    const tooLong = await failure(ask('pro', { model: 'small', messages: [{ role: 'user', content: LONG }] }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.code).toBe('context_length_exceeded');
    expect(tooLong.message).toContain('limit of 50 input tokens');
    expect(upstream.requests).toHaveLength(1);
  });

  it('skips a model whose input limit the prompt exceeds, with a skipped attempt in the audit', async () => {
    const { response } = await ask('free', { messages: [{ role: 'user', content: LONG }] });
    expect(served(response)).toBe('backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    const { decisions } = (await (await fetch(`${test.url}/admin/decisions?limit=1`)).json()) as { decisions: Array<{ caller: string; attempts: Array<{ outcome: string; reason: string }> }> };
    expect(decisions[0]!.caller).toBe('free-app');
    expect(decisions[0]!.attempts[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('over its limit of 50') });
  });

  it('caps max_tokens at the model max_output_tokens and says so in x-switchyard-warnings', async () => {
    const { response } = await ask('pro', { model: 'small', max_tokens: 500 });
    expect(response.headers.get('x-switchyard-warnings')).toContain('max_tokens 500 was capped to 100');
    const body = upstream.requests.at(-1)!.body as { max_tokens?: number; max_completion_tokens?: number };
    expect(body.max_completion_tokens ?? body.max_tokens).toBe(100);
    const untouched = await ask('pro', { model: 'small', max_tokens: 50 });
    expect(untouched.response.headers.get('x-switchyard-warnings')).toBeNull();
    // The access line carries the warning too (and only when there is one).
    const routed = logLines.map((line) => JSON.parse(line) as { msg: string; warnings?: string[] }).filter((line) => line.msg === 'routed');
    expect(routed.at(-2)!.warnings).toEqual([expect.stringContaining('max_tokens 500 was capped to 100')]);
    expect(routed.at(-1)!.warnings).toBeUndefined();
  });

  it('skips deployments lacking a capability the request needs, and refuses with a 400 when none has it', async () => {
    const { response } = await ask('free', { tools: TOOLS });
    expect(served(response)).toBe('backup');
    const direct = await failure(ask('free', { model: 'small', tools: TOOLS }));
    expect(direct.status).toBe(400);
    expect(direct.code).toBe('unsupported_feature');
    expect(direct.message).toContain('lacks tools');
    const logical = await failure(ask('free', { model: 'no-tools', tools: TOOLS }));
    expect(logical.status).toBe(400);
    const image = [{ role: 'user', content: [{ type: 'text', text: 'what is it?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }];
    const blind = await failure(ask('free', { model: 'big', messages: image }));
    expect(blind.message).toContain('lacks vision');
    expect(served((await ask('free', { model: 'seeing', messages: image })).response)).toBe('seeing');
    expect(upstream.requests.map((request) => request.model)).toEqual(['backup', 'seeing']);
  });

  it('gives requests the logical model default params unless they set their own', async () => {
    await ask('pro', { model: 'writer' });
    const inherited = upstream.requests.at(-1)!.body as Record<string, unknown>;
    expect(inherited.temperature).toBe(0.3);
    expect(inherited.max_completion_tokens ?? inherited.max_tokens).toBe(200);
    expect(inherited.stop).toEqual(['END']);
    await ask('pro', { model: 'writer', temperature: 0.9, max_tokens: 20 });
    const own = upstream.requests.at(-1)!.body as Record<string, unknown>;
    expect(own.temperature).toBe(0.9);
    expect(own.max_completion_tokens ?? own.max_tokens).toBe(20);
  });
});
