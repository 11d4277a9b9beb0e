import { describe, expect, it } from 'vitest';
import { compileConfig } from '../config/compile-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { parseConfigText } from '../config/parse-config-text.ts';
import { findConfigFindings } from './find-config-findings.ts';

const BASE = `providers: { fake: { type: mock } }
models:
  known:    { provider: fake, model: gpt-5.4-mini }
  priced:   { provider: fake, model: house-7b, price: { input: 0.2, output: 0.4 } }
  mystery:  { provider: fake, model: house-13b }
  rated:    { provider: fake, model: house-70b, quality: 70 }
store: { kind: memory }
`;

function load(routers: string) {
  const text = `${BASE}routers:\n${routers}`;
  const { raw, locate } = parseConfigText(text, 'smart.yaml', {});
  compileConfig(raw, { file: 'smart.yaml', text, locate });
  const lineOf = (needle: string) => text.split('\n').findIndex((row) => row.includes(needle)) + 1;
  return { findings: findConfigFindings(raw, 'smart.yaml', locate), lineOf };
}

describe('switchyard check: smart candidates', () => {
  it('says nothing when every candidate has a price or a catalog entry', () => {
    expect(load(`  smart: { strategy: smart, candidates: [known, priced] }\n`).findings).toEqual([]);
  });

  it('warns about a candidate with no price and no catalog entry, and about one a router candidate reaches', () => {
    const { findings, lineOf } = load(`  chain: { strategy: failover, targets: [priced, rated] }\n  smart:\n    strategy: smart\n    candidates:\n      - known\n      - mystery\n      - chain\n`);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'routers.smart.candidates[1]',
        line: lineOf('- mystery'),
        message: expect.stringContaining("smart candidate 'mystery' has no price and the catalog does not know 'house-13b': it is scored with the catalog median quality and no cost"),
      }),
      expect.objectContaining({
        severity: 'warning',
        path: 'routers.smart.candidates[2]',
        message: expect.stringContaining("'rated' (reached through smart candidate 'chain') has no price and the catalog does not know 'house-70b': it is scored with quality 70 and no cost"),
      }),
    ]);
    expect(findings[0]!.message).toContain('set models.mystery.price (and quality)');
  });

  it('refuses a router that reaches itself through a smart candidate', () => {
    const cyclic = `  chain: { strategy: failover, targets: [smart, known] }\n  smart: { strategy: smart, candidates: [chain, priced] }\n`;
    expect(() => load(cyclic)).toThrow(ConfigError);
    expect(() => load(cyclic)).toThrow(/router cycle: chain → smart → chain/);
  });

  it('compiles a smart router over routers', () => {
    expect(load(`  eu: { strategy: failover, targets: [known, priced] }\n  us: { strategy: weighted, targets: [{ use: priced, weight: 3 }, { use: known, weight: 1 }] }\n  smart: { strategy: smart, axis: quality, candidates: [eu, us] }\n`).findings).toEqual([]);
  });

  it('refuses strong_share with explicit axis weights, at its line', () => {
    expect(() => load(`  smart:\n    strategy: smart\n    axis: { quality: 1, cost: 1 }\n    strong_share: 0.4\n    candidates: [known, priced]\n`)).toThrow(
      /smart\.yaml:12:\d+: routers\.smart\.strong_share: strong_share sets a share of traffic; it cannot be combined with explicit axis weights/,
    );
  });
});
