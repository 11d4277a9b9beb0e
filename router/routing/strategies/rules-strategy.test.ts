import { describe, expect, it } from 'vitest';
import { chatRequest, countingScorer, routingContext } from '../../../test/support/create-routing-context.ts';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfigText } from '../../config/load-config.ts';
import type { RoutingChoice, RoutingContext } from '../routing-types.ts';

const BASE = `
providers: { fake: { type: mock } }
models:
  a: { provider: fake, model: a }
  b: { provider: fake, model: b }
  c: { provider: fake, model: c }
store: { kind: memory }
`;

function rulesRouter(rules: string, fallback = 'c'): (context: RoutingContext) => Promise<RoutingChoice> {
  const config = loadConfigText(`${BASE}routers:\n  chain: { strategy: failover, targets: [b, a] }\n  auto:\n    strategy: rules\n    rules:\n${rules}\n    default: ${fallback}\n`, 'rules.yaml', {});
  const policy = config.routers.get('auto')!.policy;
  return async (context) => policy.choose(context);
}

const targetsOf = (choice: RoutingChoice) => choice.targets.map((target) => target.name);

describe('rules policy', () => {
  it('takes the first matching rule, else the default', async () => {
    const choose = rulesRouter(`      - { name: tools, if: "has_tools", use: a }\n      - { if: "tool_count >= 0", use: b }\n`);
    const tools = await choose(routingContext({ request: chatRequest({ tools: [{ type: 'function', name: 't', parameters: {} }] }) }));
    expect(tools).toMatchObject({ rule: 'tools', detail: { matched: 'tools' } });
    expect(targetsOf(tools)).toEqual(['a']);
    const plain = await choose(routingContext());
    expect(plain.rule).toBe('rules[1]');
    expect(targetsOf(plain)).toEqual(['b']);

    const never = rulesRouter(`      - { if: "streaming", use: a }\n`);
    const fallback = await never(routingContext());
    expect(fallback.rule).toBeUndefined();
    expect(targetsOf(fallback)).toEqual(['c']);
    expect(fallback.detail).toMatchObject({ matched: 'default', signals: { streaming: false } });
  });

  it('may send to a router, with target params', async () => {
    const choose = rulesRouter(`      - { if: "true", use: { use: chain, params: { temperature: 0.1 } } }\n`);
    const choice = await choose(routingContext());
    expect(choice.targets[0]).toMatchObject({ name: 'chain', kind: 'router', params: { temperature: 0.1 } });
  });

  it('accepts the structured form of a condition', async () => {
    const choose = rulesRouter(`      - if: { all: [{ signal: tags.team, op: "==", value: ml }, { not: { signal: streaming, op: "==", value: true } }] }\n        use: a\n`);
    expect(targetsOf(await choose(routingContext({ tags: { team: 'ml' } })))).toEqual(['a']);
    expect(targetsOf(await choose(routingContext({ tags: { team: 'web' } })))).toEqual(['c']);
  });

  it('runs the scorer only when a rule that reads complexity is reached', async () => {
    const choose = rulesRouter(`      - { if: "has_tools", use: a }\n      - { if: "complexity > 0.5", use: b }\n`);
    const scorer = countingScorer(0.9);
    await choose(routingContext({ scorer, request: chatRequest({ tools: [{ type: 'function', name: 't', parameters: {} }] }) }));
    expect(scorer.calls).toHaveLength(0);
    const hard = await choose(routingContext({ scorer }));
    expect(scorer.calls).toHaveLength(1);
    expect(targetsOf(hard)).toEqual(['b']);
    expect(hard.complexity).toBe(0.9);
    expect(hard.detail).toMatchObject({ scorer: { complexity: 0.9 } });
    const failed = await choose(routingContext({ scorer: countingScorer(undefined) }));
    expect(targetsOf(failed)).toEqual(['c']);
  });

  it('tells the gateway whether it needs the scorer', () => {
    const load = (condition: string) =>
      loadConfigText(`${BASE}routers:\n  auto: { strategy: rules, rules: [{ if: "${condition}", use: a }], default: b }\n`, 'x.yaml', {}).routers.get('auto')!.policy as { usesComplexity?: boolean };
    expect(load('complexity > 0.3').usesComplexity).toBe(true);
    expect(load('has_tools').usesComplexity).toBe(false);
  });

  it('reports a condition that does not parse at its file line', () => {
    const text = `${BASE}routers:\n  auto:\n    strategy: rules\n    rules:\n      - { if: "has_tools", use: a }\n      - { if: "input_tokens > ", use: b }\n    default: c\n`;
    const line = text.split('\n').findIndex((row) => row.includes('input_tokens > ')) + 1;
    try {
      loadConfigText(text, 'rules.yaml', {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const [issue] = (error as ConfigError).issues;
      expect(issue).toMatchObject({ file: 'rules.yaml', line, path: 'routers.auto.rules[1].if' });
      expect(issue!.message).toMatch(/^invalid condition: .* at column \d+ of the condition$/);
    }
  });

  it('points at the line inside a multi-line condition', () => {
    const text = `${BASE}routers:\n  auto:\n    strategy: rules\n    rules:\n      - use: a\n        if: |\n          has_tools and\n          input_tokenz > 3\n    default: c\n`;
    const line = text.split('\n').findIndex((row) => row.includes('input_tokenz')) + 1;
    const issue = (() => {
      try {
        loadConfigText(text, 'rules.yaml', {});
      } catch (error) {
        return (error as ConfigError).issues[0];
      }
    })();
    expect(issue?.message).toContain("input_tokenz");
    expect(issue?.message).toContain('input_tokens');
    expect(issue?.line).toBe(line);
  });

  it('rejects an unknown time zone when a rules router needs the clock', () => {
    expect(() => loadConfigText(`${BASE}server: { timezone: Mars/Olympus }\nrouters:\n  auto: { strategy: rules, rules: [{ if: "hour_local > 3", use: a }], default: b }\n`, 'x.yaml', {})).toThrow(/not a known IANA time zone/);
  });
});
