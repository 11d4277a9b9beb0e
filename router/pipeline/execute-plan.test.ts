import { describe, expect, it } from 'vitest';
import type { CallOptions, Deployment } from '../config/compiled-config.ts';
import { AllTargetsFailedError } from '../errors/all-targets-failed-error.ts';
import { ClientAbortedError } from '../errors/client-aborted-error.ts';
import { InternalError } from '../errors/internal-error.ts';
import { RateLimitedError } from '../errors/rate-limited-error.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import type { Admission } from '../limits/limit-refusal.ts';
import type { PlanStep } from '../routing/routing-types.ts';
import { HealthRegistry } from '../health/health-registry.ts';
import { ClientSignal } from './client-signal.ts';
import { executePlan, type ExecutionEnvironment } from './execute-plan.ts';

const OPTIONS: CallOptions = {
  timeoutMs: 1000,
  retries: 0,
  retryOn: new Set([429, 500, 503]),
  backoff: { initialMs: 100, maxMs: 1000, jitter: 0 },
  retryAfterCapMs: 2000,
};

function step(name: string, callOptions: Partial<CallOptions> = {}): PlanStep {
  const deployment = { name, provider: { name: `${name}-provider` }, providerModel: `${name}-model` } as unknown as Deployment;
  return { deployment, providerModel: deployment.providerModel, overrideParams: {}, defaultParams: {}, callOptions: { ...OPTIONS, ...callOptions }, routerPath: [] };
}

async function* planOf(...steps: PlanStep[]) {
  yield* steps;
}

function setup(failureThreshold = 10) {
  const sleeps: number[] = [];
  const environment: ExecutionEnvironment = { now: () => 0, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) };
  const health = new HealthRegistry({ failureThreshold, recoveryMs: 1000 }, () => 0);
  return { sleeps, environment, health, signal: new ClientSignal() };
}

const status = (code: number, retryAfterMs?: number) =>
  new UpstreamError({ kind: 'status', upstreamStatus: code, reason: `HTTP ${code}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('executePlan', () => {
  it('a bug in the attempt (TypeError) is internal_error: no failover, no retry, the circuit untouched', async () => {
    const context = setup(1);
    const calls: string[] = [];
    const failure = executePlan(planOf(step('a', { retries: 3 }), step('b')), async (current) => {
      calls.push(current.deployment.name);
      throw new TypeError("Cannot read properties of undefined (reading 'text')");
    }, context);
    const error: unknown = await failure.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ code: 'internal_error', statusCode: 500, isRetryable: false });
    expect((error as InternalError).cause).toBeInstanceOf(TypeError);
    expect(calls).toEqual(['a']);
    // Threshold 1: one counted failure would have opened it.
    expect(context.health.isAvailable('a')).toBe(true);
    expect(context.health.snapshot().find((entry) => entry.deployment === 'a')).toMatchObject({ failures: 0, lastError: undefined });
  });

  it('does not count a call refused by our own closed pool against the deployment, and moves on without retrying', async () => {
    const context = setup(1);
    const closed = Object.assign(new Error('The client is closed'), { code: 'UND_ERR_CLOSED' });
    const calls: string[] = [];
    const execution = await executePlan(planOf(step('a', { retries: 3 }), step('b')), async (current) => {
      calls.push(current.deployment.name);
      if (current.deployment.name === 'a') throw new UpstreamError({ kind: 'connection', reason: 'connection error', cause: closed });
      return 'ok';
    }, context);
    expect(calls).toEqual(['a', 'b']);
    expect(execution.attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.reason])).toEqual([
      ['a', 'failed', 'gateway closed the connection pool'],
      ['b', 'success', undefined],
    ]);
    // A failure threshold of 1 would have opened the circuit had it counted.
    expect(context.health.snapshot().find((entry) => entry.deployment === 'a')).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('returns the first success and keeps every attempt in order', async () => {
    const context = setup();
    const calls: string[] = [];
    const execution = await executePlan(planOf(step('a'), step('b')), async (current) => {
      calls.push(current.deployment.name);
      if (current.deployment.name === 'a') throw status(500);
      return 'ok';
    }, context);
    expect(execution.value).toBe('ok');
    expect(calls).toEqual(['a', 'b']);
    expect(execution.attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.status])).toEqual([
      ['a', 'failed', 500],
      ['b', 'success', undefined],
    ]);
  });

  it('retries with exponential backoff, and honours Retry-After up to the cap', async () => {
    const context = setup();
    let call = 0;
    const errors = [status(503), status(429, 1500), status(500)];
    const execution = await executePlan(planOf(step('a', { retries: 3 })), async () => {
      const error = errors[call++];
      if (error) throw error;
      return 'ok';
    }, context);
    expect(execution.attempts).toHaveLength(4);
    expect(context.sleeps).toEqual([100, 1500, 400]);
  });

  it('stops retrying a deployment once its circuit opens', async () => {
    const context = setup(2);
    let calls = 0;
    const failure = executePlan(planOf(step('a', { retries: 5 })), async () => {
      calls++;
      throw status(500);
    }, context);
    await expect(failure).rejects.toBeInstanceOf(AllTargetsFailedError);
    expect(calls).toBe(2);
  });

  it('fails over instead of waiting when Retry-After is beyond the cap', async () => {
    const context = setup();
    const calls: string[] = [];
    await executePlan(planOf(step('a', { retries: 3 }), step('b')), async (current) => {
      calls.push(current.deployment.name);
      if (current.deployment.name === 'a') throw status(429, 60_000);
      return 'ok';
    }, context);
    expect(calls).toEqual(['a', 'b']);
    expect(context.sleeps).toEqual([]);
  });

  it('does not fail over on a client error of the request', async () => {
    const context = setup();
    const failure = executePlan(planOf(step('a'), step('b')), async () => {
      throw status(400);
    }, context);
    await expect(failure).rejects.toMatchObject({ upstreamStatus: 400, statusCode: 400 });
  });

  it('throws every attempt when the plan is exhausted, 503 when all circuits are open', async () => {
    const context = setup(2);
    const failing = async () => {
      throw status(500);
    };
    const first = await executePlan(planOf(step('a'), step('b')), failing, context).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(AllTargetsFailedError);
    expect((first as AllTargetsFailedError).statusCode).toBe(502);
    await executePlan(planOf(step('a'), step('b')), failing, context).catch(() => undefined);
    const open = (await executePlan(planOf(step('a'), step('b')), failing, context).catch((error: unknown) => error)) as AllTargetsFailedError;
    expect(open.statusCode).toBe(503);
    expect(open.attempts.every((attempt) => attempt.outcome === 'skipped')).toBe(true);
  });

  it('times an attempt out and moves on', async () => {
    const context = setup();
    const execution = await executePlan(planOf(step('slow', { timeoutMs: 20 }), step('fast')), (current, signal) => {
      if (current.deployment.name === 'fast') return Promise.resolve('fast');
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }, context);
    expect(execution.value).toBe('fast');
    expect(execution.attempts[0]?.reason).toBe('timeout after 20 ms');
  });

  it('stops at once when the client has gone', async () => {
    const context = setup();
    const client = new ClientSignal();
    const failure = executePlan(planOf(step('a'), step('b')), (_current, signal) => {
      client.abort();
      // The attempt's own signal fired with the client's going.
      expect(signal.aborted).toBe(true);
      return Promise.reject(signal.reason);
    }, { ...context, signal: client });
    await expect(failure).rejects.toBeInstanceOf(ClientAbortedError);
  });

  it('tries a deployment only once per request even when a plan names it twice', async () => {
    const context = setup();
    const calls: string[] = [];
    await executePlan(planOf(step('a'), step('a'), step('b')), async (current) => {
      calls.push(current.deployment.name);
      if (current.deployment.name === 'a') throw status(500);
      return 'ok';
    }, context);
    expect(calls).toEqual(['a', 'b']);
  });

  describe('with provider limits', () => {
    const refusing = (...names: string[]): Admission => ({
      admit: (current) => (names.includes(current.deployment.name) ? { reason: 'rate limit (rpm 5)', retryAfterMs: 12_300 } : undefined),
    });

    it('skips a step over its limit and moves on', async () => {
      const context = setup();
      const execution = await executePlan(planOf(step('a'), step('b')), async (current) => current.deployment.name, { ...context, admission: refusing('a') });
      expect(execution.value).toBe('b');
      expect(execution.attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.reason])).toEqual([
        ['a', 'skipped', 'rate limit (rpm 5)'],
        ['b', 'success', undefined],
      ]);
    });

    it('is a 429 with the soonest retry when every step was skipped, some for a limit', async () => {
      const context = setup(1);
      await executePlan(planOf(step('b')), async () => { throw status(500); }, context).catch(() => undefined);
      const error = await executePlan(planOf(step('a'), step('b')), async () => 'never', { ...context, admission: refusing('a') }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).statusCode).toBe(429);
      expect((error as RateLimitedError).retryAfterSeconds).toBe(13);
      expect((error as RateLimitedError).attempts.map((attempt) => attempt.reason)).toEqual(['rate limit (rpm 5)', 'circuit open']);
    });
  });
});
