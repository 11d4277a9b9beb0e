import { describe, expect, it } from 'vitest';
import { chatRequest, routingContext } from '../../../test/support/create-routing-context.ts';
import { loadConfigText } from '../../config/load-config.ts';
import type { RoutingChoice, RoutingContext } from '../routing-types.ts';
import { expectedCostUsd } from './lowest-cost-strategy.ts';

const config = loadConfigText(
  `
providers: { fake: { type: mock } }
models:
  pricey:   { provider: fake, model: p, price: { input: 10, output: 30 } }
  cheap:    { provider: fake, model: c, price: { input: 0.1, output: 0.4 }, capabilities: { tools: false } }
  middle:   { provider: fake, model: m, price: { input: 1, output: 2 } }
  tiny:     { provider: fake, model: t, price: { input: 0.01, output: 0.01 }, max_input_tokens: 10 }
  unpriced: { provider: fake, model: u }
store: { kind: memory }
routers:
  chain:  { strategy: failover, targets: [pricey] }
  thrift: { strategy: lowest-cost, expected_output_tokens: 500, targets: [unpriced, chain, pricey, middle, cheap, tiny] }
`,
  'x.yaml',
  {},
);
const choose = (context: RoutingContext) => config.routers.get('thrift')!.policy.choose(context) as RoutingChoice;
const names = (choice: RoutingChoice) => choice.targets.map((target) => target.name);
const TOOLS = [{ type: 'function' as const, name: 'look', parameters: {} }];

describe('lowest-cost policy', () => {
  it('prices per million tokens', () => {
    expect(expectedCostUsd({ input: 1, output: 2 }, 1_000_000, 500_000)).toBe(2);
  });

  it('picks the cheapest deployment that can serve the request, the rest after by cost', () => {
    const choice = choose(routingContext());
    expect(names(choice)).toEqual(['tiny', 'cheap', 'middle', 'pricey', 'unpriced', 'chain']);
    expect(choice.detail).toMatchObject({ output_tokens: 500, expected_cost_usd: { unpriced: null, chain: null } });
  });

  it('skips the cheapest when it lacks what the request needs (tools) or its input limit is too small', () => {
    const request = chatRequest({ tools: TOOLS, messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(200) }] }] });
    expect(names(choose(routingContext({ request })))).toEqual(['middle', 'pricey', 'unpriced', 'chain', 'tiny', 'cheap']);
  });

  it('expects the request max_tokens of output when smaller than expected_output_tokens', () => {
    expect(choose(routingContext({ request: chatRequest({ params: { maxTokens: 20 } }) })).detail).toMatchObject({ output_tokens: 20 });
  });
});
