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

  it('keeps API keys out of anything printable', () => {
    const config = loadConfigText(BASE, 'test.yaml', { OPENAI_KEY: 'sk-test-1234567890' });
    const provider = config.providers.get('openai');
    expect(JSON.stringify(provider)).not.toContain('sk-test');
    expect(String(provider?.apiKey)).toBe('[redacted]');
    expect(provider?.apiKey?.reveal()).toBe('sk-test-1234567890');
  });
});
