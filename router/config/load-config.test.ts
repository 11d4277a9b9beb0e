import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadConfigText } from './load-config.ts';

const BASE = `providers:
  mock: { type: mock }
  openai: { type: openai, api_key: "\${OPENAI_KEY}" }
models:
  a: { provider: mock, model: a-1 }
  b: { provider: mock, model: b-1 }
`;

function issuesOf(text: string, environment: Record<string, string> = { OPENAI_KEY: 'sk-test-1234567890' }) {
  try {
    loadConfigText(text, 'test.yaml', environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('loadConfigText', () => {
  it('compiles a valid config with defaults applied, frozen', () => {
    const config = loadConfigText(`${BASE}routers:\n  r: { strategy: failover, targets: [a, b] }\n`, 'test.yaml', { OPENAI_KEY: 'sk-test-1234567890' });
    expect(config.routers.get('r')?.strategy).toBe('failover');
    expect(config.defaults.retryOn.has(429)).toBe(true);
    expect(config.server.port).toBe(4000);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.deployments.get('a'))).toBe(true);
    expect(() => {
      (config.deployments.get('a') as { providerModel: string }).providerModel = 'changed';
    }).toThrow(TypeError);
  });

  it('takes an unset price from the catalog (by name, then provider model id); a config price wins', () => {
    const config = loadConfigText(
      `${BASE}  gpt-5.4: { provider: openai, model: gpt-5.4 }\n  house: { provider: openai, model: gpt-5.4-mini }\n  discounted: { provider: openai, model: gpt-5.4, price: { input: 1, output: 2 } }\n`,
      'test.yaml',
      { OPENAI_KEY: 'sk-test-1234567890' },
    );
    expect(config.deployments.get('gpt-5.4')?.price).toEqual({ input: 2.5, output: 15, cache_read: 0.25 });
    expect(config.deployments.get('house')?.price).toMatchObject({ input: 0.4, output: 2.4 });
    expect(config.deployments.get('discounted')?.price).toMatchObject({ input: 1, output: 2 });
    expect(config.deployments.get('a')?.price).toBeUndefined(); // unknown to the catalog
  });

  it('names file, line, column and path of an unknown key', () => {
    const issues = issuesOf(`${BASE}routers:\n  r: { strategy: failover, targets: [a], colour: blue }\n`);
    expect(issues).toEqual([expect.objectContaining({ file: 'test.yaml', line: 8, path: 'routers.r.colour', message: 'unknown key' })]);
  });

  it('names the path of a wrong type inside a union', () => {
    const issues = issuesOf(`${BASE}routers:\n  r:\n    strategy: weighted\n    targets: [a, { use: b, weight: heavy }]\n`);
    expect(issues[0]).toMatchObject({ line: 10, path: 'routers.r.targets[1].weight', message: 'expected number, received string' });
  });

  it('rejects an unknown strategy', () => {
    expect(issuesOf(`${BASE}routers:\n  r: { strategy: magic, targets: [a] }\n`)[0]?.message).toBe('unknown strategy "magic"');
  });

  it('reports a missing environment variable by name, without a value', () => {
    const issues = issuesOf(BASE, {});
    expect(issues[0]).toMatchObject({ line: 3, path: 'providers.openai.api_key', message: 'environment variable OPENAI_KEY is not set' });
  });

  it('rejects references to unknown models, routers and providers', () => {
    const issues = issuesOf(`${BASE.replace('provider: mock, model: b-1', 'provider: ghost, model: b-1')}routers:\n  r: { strategy: failover, targets: [a, nope] }\n`);
    expect(issues.map((issue) => issue.path)).toEqual(['models.b.provider', 'routers.r.targets[1]']);
    expect(issues[1]?.message).toMatch(/unknown model or router 'nope'/);
  });

  it('rejects cycles of routers, naming the cycle', () => {
    const issues = issuesOf(`${BASE}routers:\n  x: { strategy: failover, targets: [y] }\n  y: { strategy: failover, targets: [a, z] }\n  z: { strategy: single, target: x }\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe('router cycle: x → y → z → x');
  });

  it('reports YAML syntax errors with a line', () => {
    const issues = issuesOf('providers: {\n  mock: [\n');
    expect(issues[0]?.line).toBeGreaterThan(0);
    expect(issues[0]?.message).toMatch(/^YAML syntax/);
  });

  it('compiles store.kind redis with its defaults, the URL a secret', () => {
    const config = loadConfigText(`store: { kind: redis, url: "\${REDIS_URL}" }\n${BASE}`, 'test.yaml', { OPENAI_KEY: 'sk-test-1234567890', REDIS_URL: 'redis://:hunter2pw@10.0.0.5:6380/2' });
    expect(config.store).toMatchObject({ kind: 'redis', keyPrefix: 'switchyard:', path: '.switchyard/state.db', commandTimeoutMs: 100, connectTimeoutMs: 2_000, syncMs: 1_000 });
    expect(JSON.stringify(config.store)).not.toContain('hunter2pw');
    expect(config.store.kind === 'redis' && config.store.url.reveal()).toBe('redis://:hunter2pw@10.0.0.5:6380/2');
    expect(Object.isFrozen(config.store)).toBe(true);
    // Without a kind, store stays sqlite as before.
    expect(loadConfigText(`store: { path: x.db }\n${BASE}`, 'test.yaml', { OPENAI_KEY: 'sk-test-1234567890' }).store).toEqual({ kind: 'sqlite', path: 'x.db' });
  });

  it('rejects a bad redis store with path and line, never echoing the URL', () => {
    expect(issuesOf(`store: { kind: redis }\n${BASE}`)).toEqual([expect.objectContaining({ line: 1, path: 'store.url' })]);
    const badScheme = issuesOf(`store:\n  kind: redis\n  url: "http://:hunter2pw@cache:6379"\n${BASE}`);
    expect(badScheme).toEqual([expect.objectContaining({ line: 3, path: 'store.url', message: 'expected a redis:// or rediss:// URL with a host' })]);
    const unknown = issuesOf(`store:\n  kind: redis\n  url: "redis://:hunter2pw@cache:6379"\n  pasword: x\n  command_timeout_ms: 0\n${BASE}`);
    expect(unknown.map((issue) => [issue.line, issue.path])).toEqual([
      [5, 'store.command_timeout_ms'],
      [4, 'store.pasword'],
    ]);
    // Redis settings belong to the redis kind only.
    expect(issuesOf(`store: { kind: sqlite, url: "redis://cache:6379" }\n${BASE}`)).toEqual([expect.objectContaining({ line: 1, path: 'store.url', message: 'unknown key' })]);
    expect(issuesOf(`store: { kind: etcd }\n${BASE}`)[0]).toMatchObject({ path: 'store.kind', message: 'unknown kind "etcd"' });
    for (const issue of [...badScheme, ...unknown]) expect(JSON.stringify(issue)).not.toContain('hunter2pw');
  });

  it('compiles store.kind postgres with its defaults and an optional redis beside it, both URLs secrets', () => {
    const environment = { OPENAI_KEY: 'sk-test-1234567890', DATABASE_URL: 'postgresql://gw:hunter2pw@db:5432/switchyard', REDIS_URL: 'redis://:redispw9@cache:6379' };
    const config = loadConfigText(`store: { kind: postgres, url: "\${DATABASE_URL}" }\n${BASE}`, 'test.yaml', environment);
    expect(config.store).toMatchObject({ kind: 'postgres', replica: undefined, poolSize: 4, connectTimeoutMs: 2_000, queryTimeoutMs: 5_000, syncMs: 1_000, auditQueueMax: 20_000, auditBatchSize: 500, auditFlushMs: 200, redis: undefined });
    expect(config.store.kind === 'postgres' && config.store.url.reveal()).toBe('postgresql://gw:hunter2pw@db:5432/switchyard');
    const both = loadConfigText(`store: { kind: postgres, url: "\${DATABASE_URL}", replica: eu-1, redis: { url: "\${REDIS_URL}" } }\n${BASE}`, 'test.yaml', environment);
    expect(both.store).toMatchObject({ kind: 'postgres', replica: 'eu-1', redis: { kind: 'redis', keyPrefix: 'switchyard:', commandTimeoutMs: 100 } });
    expect(both.store.kind === 'postgres' && both.store.redis?.url.reveal()).toBe('redis://:redispw9@cache:6379');
    expect(JSON.stringify(both.store)).not.toMatch(/hunter2pw|redispw9/);
    expect(Object.isFrozen(both.store)).toBe(true);
    const badScheme = issuesOf(`store:\n  kind: postgres\n  url: "mysql://gw:hunter2pw@db/x"\n${BASE}`);
    expect(badScheme).toEqual([expect.objectContaining({ line: 3, path: 'store.url', message: 'expected a postgres:// or postgresql:// URL' })]);
    expect(JSON.stringify(badScheme)).not.toContain('hunter2pw');
    expect(issuesOf(`store: { kind: postgres, url: "postgres://db/x", path: a.db }\n${BASE}`)).toEqual([expect.objectContaining({ path: 'store.path', message: 'unknown key' })]);
  });

  it('keeps API keys out of anything printable', () => {
    const config = loadConfigText(BASE, 'test.yaml', { OPENAI_KEY: 'sk-test-1234567890' });
    const provider = config.providers.get('openai');
    expect(JSON.stringify(provider)).not.toContain('sk-test');
    expect(String(provider?.apiKey)).toBe('[redacted]');
    expect(provider?.apiKey?.reveal()).toBe('sk-test-1234567890');
  });

  it('compiles breakers per provider and model over the global one, and health checks; refuses probes that cannot run', async () => {
    const config = await loadConfigText(
      `circuit_breaker: { failure_threshold: 7 }
providers:
  mock: { type: mock, circuit_breaker: { recovery_ms: 500 }, health_check: { kind: chat, interval_ms: 1000 } }
  openai: { type: openai, api_key: "x", health_check: {} }
models:
  a: { provider: mock, model: a-1 }
  b: { provider: mock, model: b-1, circuit_breaker: { failure_threshold: 2 } }
  c: { provider: openai, model: c-1 }
`,
      'test.yaml',
      {},
    );
    expect(config.deployments.get('a')?.circuitBreaker).toEqual({ failureThreshold: 7, recoveryMs: 500 });
    expect(config.deployments.get('b')?.circuitBreaker).toEqual({ failureThreshold: 2, recoveryMs: 500 });
    expect(config.deployments.get('c')?.circuitBreaker).toBeUndefined();
    expect(config.providers.get('mock')?.healthCheck).toEqual({ intervalMs: 1000, jitter: 0.1, timeoutMs: 5000, kind: 'chat', model: 'a', unhealthyAfter: 2 });
    expect(config.providers.get('openai')?.healthCheck).toMatchObject({ kind: 'models', intervalMs: 30_000, model: undefined });
    expect(config.demotion).toEqual({ windowMs: 60_000, minCalls: 10, errorRate: 0.25, errorMargin: 0.15, latencyFactor: 3 });

    const issues = issuesOf(`providers:
  mock: { type: mock, health_check: {} }
  openai: { type: openai, api_key: "x", health_check: { kind: chat, model: a } }
models:
  a: { provider: mock, model: a-1 }
`);
    expect(issues).toEqual([
      expect.objectContaining({ path: 'providers.mock.health_check.kind', message: 'a mock provider has no model list probe: use kind chat' }),
      expect.objectContaining({ path: 'providers.openai.health_check.model', message: "'a' is not a model of provider 'openai' (its models: none)" }),
    ]);
  });
});
