import { describe, expect, it } from 'vitest';
import { planGatewayParams } from './plan-gateway-params.ts';

const step = (maxOutputTokens: number | undefined, defaultParams = {}, overrideParams = {}) => ({ defaultParams, overrideParams, deployment: { name: 'm', maxOutputTokens } });

describe('planGatewayParams', () => {
  it('carries only what the gateway sets: defaults the client left unset, every override', () => {
    const warnings: string[] = [];
    const planned = planGatewayParams(step(undefined, { temperature: 0.1, topP: 0.5 }, { seed: 3 }), { temperature: 0.9 }, warnings);
    expect(planned.merged).toEqual({ temperature: 0.9, topP: 0.5, seed: 3 });
    expect(planned.carried).toEqual({ topP: 0.5, seed: 3 });
    expect(warnings).toEqual([]);
  });

  it('caps max tokens with a warning, and sets the cap when the request had none (without one)', () => {
    const warnings: string[] = [];
    expect(planGatewayParams(step(100), { maxTokens: 500 }, warnings)).toEqual({ merged: { maxTokens: 100 }, carried: { maxTokens: 100 } });
    expect(warnings).toEqual(["max_tokens 500 was capped to 100, the max_output_tokens of model 'm'"]);
    const quiet: string[] = [];
    expect(planGatewayParams(step(100), {}, quiet)).toEqual({ merged: { maxTokens: 100 }, carried: { maxTokens: 100 } });
    expect(planGatewayParams(step(100), { maxTokens: 50 }, quiet)).toEqual({ merged: { maxTokens: 50 }, carried: {} });
    expect(quiet).toEqual([]);
  });

  it('does not modify its inputs (failover replays them)', () => {
    const own = Object.freeze({ maxTokens: 500 });
    const defaults = Object.freeze({ temperature: 0.2 });
    expect(() => planGatewayParams(step(100, defaults), own, [])).not.toThrow();
  });
});
