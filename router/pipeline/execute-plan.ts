import type { ClientSignal } from './client-signal.ts';
import { AllTargetsFailedError, type Attempt } from '../errors/all-targets-failed-error.ts';
import { ClientAbortedError } from '../errors/client-aborted-error.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { RateLimitedError } from '../errors/rate-limited-error.ts';
import { UnservableRequestError } from '../errors/unservable-request-error.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import type { Admission } from '../limits/limit-refusal.ts';
import type { HealthRegistry } from '../health/health-registry.ts';
import type { PlanStep, Unfit } from '../routing/routing-types.ts';
import { classifyCallFailure } from './classify-call-failure.ts';
import { isOwnShutdown } from './is-own-shutdown.ts';

export type ExecutionEnvironment = {
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
};

/** One try of one step. `signal` fires on client abort or attempt timeout. */
export type AttemptFunction<T> = (step: PlanStep, signal: AbortSignal) => Promise<T>;

export type Execution<T> = {
  value: T;
  step: PlanStep;
  attempts: Attempt[];
  /** Time spent waiting on upstreams, over all attempts (for the overhead figure). */
  upstreamMs: number;
  /** Time spent waiting between attempts: backoff and honoured Retry-After (not gateway work either). */
  waitedMs: number;
};

export class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timeout after ${timeoutMs} ms`);
  }
}

/** Upstream failures that move on to a retry or the next target. Others go to the client as they are. */
function shouldFailOver(error: UpstreamError, retryOn: ReadonlySet<number>): boolean {
  // Connection errors, timeouts, cut streams and malformed answers are the deployment's problem.
  if (error.kind !== 'status') return true;
  const status = error.upstreamStatus ?? 500;
  // A deployment with bad credentials is this deployment's problem, not the request's.
  return retryOn.has(status) || status === 401 || status === 403;
}

function backoffMs(step: PlanStep, retry: number, error: UpstreamError, random: () => number): number | undefined {
  const { backoff, retryAfterCapMs } = step.callOptions;
  if (error.retryAfterMs !== undefined) {
    // Asked to wait longer than we are willing to: fail over instead of retrying here.
    return error.retryAfterMs <= retryAfterCapMs ? error.retryAfterMs : undefined;
  }
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** retry);
  return base * (1 - backoff.jitter + 2 * backoff.jitter * random());
}

/**
 * The one place that executes plans: walks the steps in order, skipping open circuits and
 * deployments already tried, retrying with backoff (Retry-After honoured up to a cap), timing out
 * each attempt, and failing over on the configured statuses, connection errors and timeouts.
 * Before each call `admission` (provider rate limits and budgets) may skip the step; a plan whose
 * every step was skipped, some for a limit, is a 429. Keeps every attempt. Never retries after the
 * client has gone.
 */
export async function executePlan<T>(
  plan: AsyncIterable<PlanStep>,
  attempt: AttemptFunction<T>,
  options: {
    /** The client's going away: every attempt is aborted with it. */
    signal: ClientSignal;
    health: HealthRegistry;
    environment: ExecutionEnvironment;
    admission?: Admission | undefined;
    /** Takes configured secrets out of an upstream's words before they reach the attempts, the health registry or the client. */
    redact?: ((text: string) => string) | undefined;
  },
): Promise<Execution<T>> {
  const { signal, health, environment, admission, redact } = options;
  const attempts: Attempt[] = [];
  const tried = new Set<string>();
  let upstreamMs = 0;
  let waitedMs = 0;
  let firstUnfit: Unfit | undefined;
  let unfitCount = 0;
  /** The soonest a refused limit frees up; undefined while no limit refused. */
  let limitRetryMs: number | undefined;
  /** The last upstream failure: a final 429 or 529 reaches the client as such. */
  let lastError: UpstreamError | undefined;

  for await (const step of plan) {
    const deployment = step.deployment.name;
    const key = `${deployment}\u0000${step.providerModel}`;
    if (tried.has(key)) continue;
    tried.add(key);
    const provider = step.deployment.provider.name;
    if (step.unfit !== undefined) {
      attempts.push({ deployment, provider, outcome: 'skipped', reason: step.unfit.reason, durationMs: 0 });
      firstUnfit ??= step.unfit;
      unfitCount++;
      continue;
    }
    if (!health.acquire(deployment)) {
      attempts.push({ deployment, provider, outcome: 'skipped', reason: 'circuit open', durationMs: 0 });
      continue;
    }
    for (let retry = 0; ; retry++) {
      if (signal.aborted) {
        health.release(deployment);
        throw new ClientAbortedError();
      }
      // Every call, retries included, counts against the provider's limits.
      let refusal = admission?.admit(step);
      // Only shared (Redis) limits answer with a promise; the in-process answer costs no microtask.
      if (refusal instanceof Promise) {
        refusal = await refusal;
        // The client may have gone during the round trip; its abort event has fired already.
        if (signal.aborted) {
          health.release(deployment);
          throw new ClientAbortedError();
        }
      }
      if (refusal !== undefined) {
        health.release(deployment);
        attempts.push({ deployment, provider, outcome: 'skipped', reason: refusal.reason, durationMs: 0 });
        limitRetryMs = Math.min(limitRetryMs ?? Number.POSITIVE_INFINITY, refusal.retryAfterMs);
        break;
      }
      const started = environment.now();
      // One controller per attempt, linked to the client by a plain callback: AbortSignal.any costs
      // several times more per call, and this is the hot path (client-signal.ts).
      const attemptController = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attemptController.abort(new AttemptTimeoutError(step.callOptions.timeoutMs));
      }, step.callOptions.timeoutMs);
      const onClientAbort = () => attemptController.abort(signal.reason);
      signal.onAbort(onClientAbort);
      try {
        const value = await attempt(step, attemptController.signal);
        const durationMs = environment.now() - started;
        upstreamMs += durationMs;
        health.recordSuccess(deployment, durationMs);
        attempts.push({ deployment, provider, outcome: 'success', durationMs });
        return { value, step, attempts, upstreamMs, waitedMs };
      } catch (caught) {
        const durationMs = environment.now() - started;
        upstreamMs += durationMs;
        // A failed attempt is over; a successful one stays tied to the client (a stream goes on).
        signal.offAbort(onClientAbort);
        if (signal.aborted) {
          health.release(deployment);
          throw new ClientAbortedError();
        }
        if (!timedOut && isOwnShutdown(caught)) {
          // Our own pool was closed under the call: not the deployment's fault, so its circuit is
          // untouched; no retry on a closed pool, the next target may still serve.
          health.release(deployment);
          attempts.push({ deployment, provider, outcome: 'failed', reason: 'gateway closed the connection pool', durationMs });
          break;
        }
        const failure = timedOut
          ? new UpstreamError({ kind: 'timeout', reason: `timeout after ${step.callOptions.timeoutMs} ms`, cause: caught })
          : caught instanceof GatewayError && !(caught instanceof UpstreamError)
            ? caught
            : classifyCallFailure(caught);
        const error = failure instanceof UpstreamError && redact !== undefined ? failure.redacted(redact) : failure;
        // A bug of ours (InternalError) or a refusal of the request: no failover, the circuit untouched.
        if (!(error instanceof UpstreamError)) {
          health.release(deployment);
          throw error;
        }
        const attemptRecord: Attempt = { deployment, provider, outcome: 'failed', reason: error.reason, durationMs };
        if (error.upstreamStatus !== undefined) attemptRecord.status = error.upstreamStatus;
        attempts.push(attemptRecord);
        lastError = error;
        if (!shouldFailOver(error, step.callOptions.retryOn)) {
          health.release(deployment);
          throw error;
        }
        health.recordFailure(deployment, error.reason);
        if (retry >= step.callOptions.retries) break;
        const wait = backoffMs(step, retry, error, environment.random);
        if (wait === undefined) break;
        if (!health.acquire(deployment)) break;
        const sleepStarted = environment.now();
        await environment.sleep(wait, signal.signal).catch(() => undefined);
        waitedMs += environment.now() - sleepStarted;
      } finally {
        clearTimeout(timer);
      }
    }
  }
  // Nothing was even tried because nothing fits: the request is at fault (400), not the upstreams.
  if (firstUnfit !== undefined && unfitCount === attempts.length) throw new UnservableRequestError(firstUnfit, attempts);
  // Nothing was called and a limit stood in the way: the client may come back later (429).
  if (limitRetryMs !== undefined && attempts.every((attempt) => attempt.outcome === 'skipped')) throw new RateLimitedError(attempts, limitRetryMs);
  throw new AllTargetsFailedError(attempts, lastError);
}
