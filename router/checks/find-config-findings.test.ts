import { describe, expect, it } from 'vitest';
import { compileConfig } from '../config/compile-config.ts';
import { parseConfigText } from '../config/parse-config-text.ts';
import { findConfigFindings } from './find-config-findings.ts';

const BASE = `providers: { fake: { type: mock } }
models:
  plain:   { provider: fake, model: p, capabilities: { tools: false } }
  tooled:  { provider: fake, model: t }
  seeing:  { provider: fake, model: s, capabilities: { vision: true } }
store: { kind: memory }
`;

function findingsOf(routers: string) {
  const text = `${BASE}routers:\n${routers}`;
  const { raw, locate } = parseConfigText(text, 'lint.yaml', {});
  compileConfig(raw, { file: 'lint.yaml', text, locate });
  const lineOf = (needle: string) => text.split('\n').findIndex((row) => row.includes(needle)) + 1;
  return { findings: findConfigFindings(raw, 'lint.yaml', locate), lineOf };
}

describe('switchyard check: static findings', () => {
  it('finds nothing wrong in a sound rules router', () => {
    const { findings } = findingsOf(`  auto:\n    strategy: rules\n    rules:\n      - { if: "has_tools", use: tooled }\n      - { if: "has_images", use: seeing }\n    default: plain\n`);
    expect(findings).toEqual([]);
  });

  it('warns about a rule an earlier rule shadows, at its line', () => {
    const { findings, lineOf } = findingsOf(`  auto:\n    strategy: rules\n    rules:\n      - { if: "input_tokens > 1000", use: plain }\n      - { name: huge, if: "input_tokens > 5000", use: tooled }\n    default: plain\n`);
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', line: lineOf('huge'), path: 'routers.auto.rules[1]', message: expect.stringContaining("rule 'huge' can never match: the earlier rule 'rules[0]'") }),
    ]);
  });

  it('warns that the default is never used after a catch-all rule', () => {
    const { findings } = findingsOf(`  auto:\n    strategy: rules\n    rules:\n      - { if: "true", use: plain }\n    default: tooled\n`);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', path: 'routers.auto.default', message: expect.stringContaining('default is never used') })]);
  });

  it('warns when a has_tools rule can reach a model without tools, through nested routers', () => {
    const { findings, lineOf } = findingsOf(`  chain: { strategy: failover, targets: [tooled, plain] }\n  auto:\n    strategy: rules\n    rules:\n      - { if: "has_tools and streaming", use: chain }\n    default: plain\n`);
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', line: lineOf('has_tools and streaming'), path: 'routers.auto.rules[0].use', message: expect.stringContaining("it can reach 'plain' without tools") }),
    ]);
  });

  it('errors when no model a has_tools or has_images rule can reach has the capability', () => {
    const { findings } = findingsOf(`  off: { strategy: single, capabilities: { tools: false }, target: tooled }\n  auto:\n    strategy: rules\n    rules:\n      - { if: "has_tools", use: off }\n      - { if: "has_images", use: tooled }\n    default: plain\n`);
    expect(findings.map((finding) => [finding.severity, finding.path])).toEqual([
      ['error', 'routers.auto.rules[0].use'],
      ['error', 'routers.auto.rules[1].use'],
    ]);
    expect(findings[1]!.message).toContain('no model it can reach has vision');
  });
});
