import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigText } from '../config/load-config.ts';
import { passthroughDeployment, resolveModelName } from './resolve-model-name.ts';

const BASE = `
providers:
  anthropic: { type: anthropic, api_key: sk-ant-test-123456 }
models:
  sonnet: { provider: anthropic, model: claude-sonnet-4-6 }
  haiku: { provider: anthropic, model: claude-haiku-4-5 }
  "claude-3-*": { provider: anthropic, model: claude-3-5-haiku-latest }
`;

function load(extra: string) {
  return loadConfigText(`${BASE}${extra}`, 'test.yaml', {});
}

describe('resolveModelName', () => {
  const config = load(`
routers:
  claude-opus-4-6: { strategy: single, target: sonnet }
  "claude-haiku-*": { strategy: single, target: haiku }
  "claude-*": { strategy: single, target: sonnet }
  "gpt-5?": { strategy: single, target: sonnet }
  main: { strategy: failover, targets: [sonnet, haiku] }
default_router: main
`);

  it.each([
    ['claude-opus-4-6', 'claude-opus-4-6'],
    ['sonnet', 'sonnet'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-*'],
    ['claude-opus-5-5', 'claude-*'],
    ['claude-3-opus', 'claude-*'],
    ['gpt-5x', 'gpt-5?'],
    ['gpt-5.4', 'main'],
    ['anything-else', 'main'],
  ])('%s → %s', (requested, expected) => {
    expect(resolveModelName(config, requested)).toBe(expected);
  });

  it('tries router patterns before model patterns, each in file order, and matches the whole name', () => {
    expect(config.modelNames.patterns.map((entry) => entry.pattern)).toEqual(['claude-haiku-*', 'claude-*', 'gpt-5?', 'claude-3-*']);
    expect(resolveModelName(load(''), 'claude-3-opus')).toBe('claude-3-*');
    expect(resolveModelName(load(''), 'xclaude-3-opus')).toBeUndefined();
  });

  it('without a default_router, an unknown name resolves to nothing (404 model_not_found)', () => {
    expect(resolveModelName(load(''), 'gpt-5.4')).toBeUndefined();
  });

  it('refuses a default_router that is unknown or a pattern, naming the key', () => {
    for (const value of ['nope', '"claude-3-*"']) {
      const error = (() => {
        try {
          load(`default_router: ${value}\n`);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([expect.objectContaining({ path: 'default_router', message: expect.stringContaining('default_router must name a router or model exactly') })]);
    }
  });
});

describe('<provider>/<model id> pass-through', () => {
  const config = loadConfigText(
    `
providers:
  anthropic: { type: anthropic, api_key: sk-ant-test-123456, passthrough_models: true }
  closed: { type: anthropic, api_key: sk-ant-test-123456 }
models:
  sonnet: { provider: anthropic, model: claude-sonnet-4-6 }
  "anthropic/pinned": { provider: anthropic, model: claude-haiku-4-5 }
routers:
  "*": { strategy: single, target: sonnet }
`,
    'test.yaml',
    {},
  );

  it.each([
    ['anthropic/claude-opus-4-7', 'anthropic/claude-opus-4-7'],
    // An exact name wins over pass-through; pass-through wins over a glob.
    ['anthropic/pinned', 'anthropic/pinned'],
    // Off by default, and only for a configured provider; an empty id is no pass-through name.
    ['closed/claude-opus-4-7', '*'],
    ['nowhere/claude-opus-4-7', '*'],
    ['anthropic/', '*'],
  ])('%s → %s', (requested, expected) => {
    expect(resolveModelName(config, requested)).toBe(expected);
  });

  it('builds the deployment: the provider, its own id (slashes kept), the catalog price for the id', () => {
    const deployment = passthroughDeployment(config, 'anthropic/claude-sonnet-4-6');
    expect(deployment).toMatchObject({ name: 'anthropic/claude-sonnet-4-6', providerModel: 'claude-sonnet-4-6', provider: { name: 'anthropic' }, price: { input: 3, output: 15 } });
    expect(passthroughDeployment(config, 'anthropic/org/model-x')?.providerModel).toBe('org/model-x');
    expect(passthroughDeployment(config, 'closed/claude-sonnet-4-6')).toBeUndefined();
  });

  it('a project may allow pass-through names of a provider that takes them, and no other', () => {
    const projects = (allowed: string) =>
      loadConfigText(
        `
providers:
  anthropic: { type: anthropic, api_key: sk-ant-test-123456, passthrough_models: true }
  closed: { type: anthropic, api_key: sk-ant-test-123456 }
models:
  sonnet: { provider: anthropic, model: claude-sonnet-4-6 }
projects:
  team: { allowed: [${allowed}] }
`,
        'test.yaml',
        {},
      );
    expect(projects('anthropic/claude-opus-4-7').projects.get('team')?.allowed?.allows('anthropic/claude-opus-4-7')).toBe(true);
    expect(() => projects('closed/claude-opus-4-7')).toThrow(/unknown model or router 'closed\/claude-opus-4-7'/);
  });
});
