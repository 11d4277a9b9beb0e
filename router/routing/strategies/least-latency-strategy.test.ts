import { describe, expect, it } from 'vitest';
import { routingContext } from '../../../test/support/create-routing-context.ts';
import { loadConfigText } from '../../config/load-config.ts';
import type { RoutingChoice, RoutingContext } from '../routing-types.ts';

const config = loadConfigText(
  `
providers: { fake: { type: mock } }
models: { fast: { provider: fake, model: f }, slow: { provider: fake, model: s }, new: { provider: fake, model: n } }
store: { kind: memory }
routers:
  pair:  { strategy: least-latency, exploration: 0.1, targets: [slow, fast] }
  three: { strategy: least-latency, exploration: 0, targets: [slow, fast, new] }
`,
  'x.yaml',
  {},
);
const choose = (router: string, context: RoutingContext) => config.routers.get(router)!.policy.choose(context) as RoutingChoice;
const names = (choice: RoutingChoice) => choice.targets.map((target) => target.name);

describe('least-latency policy', () => {
  const latencies = { fast: 120, slow: 900, new: undefined as unknown as number };

  it('puts the deployment with the lowest latency EWMA first, the others after as fallbacks', () => {
    const choice = choose('pair', routingContext({ latencies, draws: [0.5] }));
    expect(names(choice)).toEqual(['fast', 'slow']);
    expect(choice.detail).toEqual({ latency_ms: { slow: 900, fast: 120 } });
  });

  it('still explores: with probability `exploration` another deployment leads', () => {
    const explored = choose('pair', routingContext({ latencies, draws: [0.05, 0.3] }));
    expect(names(explored)).toEqual(['slow', 'fast']);
    expect(explored.detail).toMatchObject({ explored: 'slow' });
    let leads = 0;
    for (let step = 0; step < 100; step++) if (names(choose('pair', routingContext({ latencies, draws: [step / 100, 0.5] })))[0] === 'slow') leads++;
    expect(leads).toBe(10);
  });

  it('tries a deployment never measured first, so it gets measured', () => {
    expect(names(choose('three', routingContext({ latencies: { fast: 120, slow: 900 } })))).toEqual(['new', 'fast', 'slow']);
  });

  it('puts a deployment whose circuit is open last, whatever its latency', () => {
    expect(names(choose('pair', routingContext({ latencies, unavailable: ['fast'], draws: [0.5] })))).toEqual(['slow', 'fast']);
  });
});

describe('least-latency over the live health registry', () => {
  it('moves a deployment last while its circuit is open and tries it again once it recovers', async () => {
    const { HealthRegistry } = await import('../../health/health-registry.ts');
    let clock = 0;
    const health = new HealthRegistry({ failureThreshold: 2, recoveryMs: 1000 }, () => clock);
    health.recordSuccess('fast', 300);
    health.recordSuccess('slow', 100);
    const order = () => names(choose('pair', { ...routingContext({ draws: [0.5] }), health }));
    expect(order()).toEqual(['slow', 'fast']);
    health.recordFailure('slow', 'HTTP 500');
    health.recordFailure('slow', 'HTTP 500');
    expect(order()).toEqual(['fast', 'slow']);
    clock += 1000;
    expect(order()).toEqual(['slow', 'fast']);
  });
});
