import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigText } from '../config/load-config.ts';
import { resolveModelName } from './resolve-model-name.ts';

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
