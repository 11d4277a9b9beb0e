import { describe, expect, it } from 'vitest';
import { routingContext } from '../../../test/support/create-routing-context.ts';
import { loadConfigText } from '../../config/load-config.ts';
import type { RoutingChoice, RoutingContext } from '../routing-types.ts';

const BASE = `
providers: { fake: { type: mock } }
models: { a: { provider: fake, model: a }, b: { provider: fake, model: b }, c: { provider: fake, model: c } }
store: { kind: memory }
`;

function tierRouter(extra = ''): (context: RoutingContext) => RoutingChoice {
  const config = loadConfigText(`${BASE}routers:\n  tiered:\n    strategy: tier\n    tiers: { free: [c], pro: [a, b] }\n    default_tier: free\n${extra}`, 'tier.yaml', {});
  const policy = config.routers.get('tiered')!.policy;
  return (context) => policy.choose(context) as RoutingChoice;
}

const names = (choice: RoutingChoice) => choice.targets.map((target) => target.name);

describe('tier policy', () => {
  const choose = tierRouter();

  it('takes the tier from the key first, then the header, then the tag', () => {
    expect(choose(routingContext({ caller: { name: 'app', tier: 'pro' }, headers: { 'x-switchyard-tier': 'free' } }))).toMatchObject({ detail: { tier: 'pro', source: 'key' } });
    expect(choose(routingContext({ headers: { 'x-switchyard-tier': 'pro' }, tags: { tier: 'free' } }))).toMatchObject({ detail: { tier: 'pro', source: 'header' } });
    expect(choose(routingContext({ tags: { tier: 'pro' } }))).toMatchObject({ detail: { tier: 'pro', source: 'tag' } });
    expect(names(choose(routingContext({ tags: { tier: 'pro' } })))).toEqual(['a', 'b']);
  });

  it('gives a missing or unknown tier the default tier', () => {
    expect(choose(routingContext())).toMatchObject({ detail: { tier: 'free', source: 'default' } });
    const unknown = choose(routingContext({ headers: { 'x-switchyard-tier': 'gold' } }));
    expect(unknown.detail).toEqual({ tier: 'free', source: 'default', unknown_tier: 'gold' });
    expect(names(unknown)).toEqual(['c']);
  });

  it('reads the header and tag named by tier_from', () => {
    const custom = tierRouter('    tier_from: { header: X-Plan, tag: plan }\n');
    expect(names(custom(routingContext({ headers: { 'x-plan': 'pro' } })))).toEqual(['a', 'b']);
    expect(names(custom(routingContext({ tags: { plan: 'pro' } })))).toEqual(['a', 'b']);
    expect(names(custom(routingContext({ tags: { tier: 'pro' } })))).toEqual(['c']);
  });

  it('rejects a default tier that is not a tier, and a tier without models', () => {
    expect(() => loadConfigText(`${BASE}routers:\n  t: { strategy: tier, tiers: { free: [a] }, default_tier: gold }\n`, 'x.yaml', {})).toThrow(/routers\.t\.default_tier: default_tier 'gold' is not one of the tiers \(free\)/);
    expect(() => loadConfigText(`${BASE}routers:\n  t: { strategy: tier, tiers: { free: [] }, default_tier: free }\n`, 'x.yaml', {})).toThrow(/routers\.t\.tiers\.free/);
  });
});
