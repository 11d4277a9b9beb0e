import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigText } from '../config/load-config.ts';

const BASE = `providers:
  mock: { type: mock }
  local: { type: ollama, base_url: "http://127.0.0.1:11434" }
models:
  a: { provider: mock, model: a-1 }
  guard: { provider: local, model: llama-guard3 }
routers:
  r: { strategy: failover, targets: [a], guardrails: [pii] }
  auto:
    strategy: rules
    rules:
      - { name: big, if: "input_tokens > 10", use: a, guardrails: [pii] }
    default: a
`;

function issuesOf(text: string) {
  try {
    loadConfigText(text, 'test.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => ({ path: issue.path, line: issue.line, message: issue.message }));
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('guardrails config: compiled once, every wrong combination named at its path', () => {
  it('compiles checks and their attachments (global, router, rule)', () => {
    const config = loadConfigText(`${BASE}guardrails:\n  checks:\n    pii: { detector: { type: pii }, action: redact, restore: true }\n    big: { detector: { type: size, max_messages: 3 }, action: block, status: 413 }\n  global: [big]\n`, 'test.yaml', {});
    expect(config.guardrails.global.map((guard) => guard.name)).toEqual(['big']);
    expect(config.guardrails.routers.get('r')?.map((guard) => guard.name)).toEqual(['pii']);
    expect(config.guardrails.rules.get('auto\u0000big')?.map((guard) => guard.name)).toEqual(['pii']);
    expect(config.guardrails.checks.get('big')?.action).toEqual({ kind: 'block', status: 413 });
    expect(Object.isFrozen(config.guardrails.checks.get('pii'))).toBe(true);
  });

  it('rejects unknown names, impossible actions and stages with the path and line', () => {
    const issues = issuesOf(`${BASE}guardrails:
  checks:
    pii: { detector: { type: pii }, action: redact, stage: both, restore: true }
    size: { detector: { type: size, max_tools: 2 }, action: redact }
    route: { detector: { type: secrets }, action: { route_to: nowhere }, stage: output }
    warned: { detector: { type: keywords, words: [x] }, action: warn, status: 403 }
    bad-regex: { detector: { type: regex, patterns: ["(unclosed", "a*"] }, action: block }
    ext: { detector: { type: external, kind: moderation, model: guard }, action: block, stage: both }
    empty-size: { detector: { type: size }, action: block }
  global: [pii, missing]
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'guardrails.checks.pii.restore', line: 16, message: "restore puts the input's originals back into the answer: it needs stage input (stage is both)" },
        { path: 'guardrails.checks.size.action', line: 17, message: 'redact needs a detector that finds text (pii, secrets, keywords, regex, injection); a size check can block, warn or route_to' },
        { path: 'guardrails.checks.route.stage', line: 18, message: 'route_to chooses where the request goes, so it runs on the input only (stage is output)' },
        { path: 'guardrails.checks.route.action.route_to', line: 18, message: "unknown router or model 'nowhere' (known: r, auto, a, guard)" },
        { path: 'guardrails.checks.warned.status', line: 19, message: 'status applies to action block' },
        { path: 'guardrails.checks.bad-regex.detector.patterns[0]', line: 20, message: expect.stringContaining('invalid regular expression /(unclosed/g') },
        { path: 'guardrails.checks.bad-regex.detector.patterns[1]', line: 20, message: 'pattern /a*/ matches the empty string' },
        { path: 'guardrails.checks.ext.detector.model', line: 21, message: "a moderation check calls POST /moderations: model 'guard' needs an openai or openai-compatible provider ('local' is ollama)" },
        { path: 'guardrails.checks.empty-size.detector', line: 22, message: 'a size detector needs at least one of max_input_tokens, max_messages, max_tools' },
        { path: 'guardrails.global[1]', line: 23, message: expect.stringContaining("unknown guardrail 'missing' (known: pii, size, route, warned, bad-regex, ext, empty-size)") },
      ]),
    );
  });

  it('rejects a route_to attached to a rule (routing is already decided there)', () => {
    const issues = issuesOf(BASE.replace('guardrails: [pii] }\n    default', 'guardrails: [onprem] }\n    default').replace('guardrails: [pii] }\n  auto', 'guardrails: [onprem] }\n  auto') + `guardrails:\n  checks:\n    onprem: { detector: { type: pii }, action: { route_to: a } }\n`);
    expect(issues).toEqual([
      { path: 'routers.auto.rules[0].guardrails[0]', line: 12, message: "guardrail 'onprem' routes (route_to), which happens before routing: attach it globally, to a project or to a router (a rule picks its target with use:)" },
    ]);
  });

  it('rejects unknown keys in a check (strict like the rest of the config)', () => {
    const issues = issuesOf(`${BASE}guardrails:\n  checks:\n    pii: { detector: { type: pii }, action: redact, on: input }\n`);
    expect(issues[0]?.path).toBe('guardrails.checks.pii.on');
    expect(issues[0]?.message).toBe('unknown key');
  });
});
