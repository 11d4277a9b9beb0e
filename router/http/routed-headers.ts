import type { Execution } from '../pipeline/execute-plan.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';

/** Header values must be latin1 and single-line. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/** The `x-switchyard-*` headers of a routed call: what served it and how it got there. */
export function routedHeaders(
  requestId: string,
  requested: string,
  isRouter: boolean,
  execution: Execution<unknown>,
  trace: PlanTrace,
  overheadMs: number,
  warnings: string[],
): Record<string, string> {
  // Counted in one pass: two filter() arrays per request only to take their lengths.
  let called = 0;
  let skipped = 0;
  for (const attempt of execution.attempts) {
    if (attempt.outcome === 'skipped') skipped++;
    else called++;
  }
  const headers: Record<string, string> = {
    'x-switchyard-request-id': requestId,
    'x-switchyard-model': execution.step.deployment.name,
    'x-switchyard-provider': execution.step.deployment.provider.name,
    // Calls made (retries included); targets passed over without a call are counted apart.
    'x-switchyard-attempts': String(called),
    // Gateway time: upstream calls and the waits between them (backoff, Retry-After) excluded.
    'x-switchyard-overhead-ms': overheadMs.toFixed(3),
  };
  if (skipped > 0) headers['x-switchyard-skipped'] = String(skipped);
  if (execution.waitedMs > 0) headers['x-switchyard-wait-ms'] = execution.waitedMs.toFixed(3);
  if (isRouter) headers['x-switchyard-router'] = requested;
  if (execution.step.rule !== undefined) headers['x-switchyard-rule'] = headerSafe(execution.step.rule);
  // A loop, not find(): that made a closure per request.
  for (const decision of trace.decisions) {
    if (decision.complexity === undefined) continue;
    headers['x-switchyard-complexity'] = decision.complexity.toFixed(3);
    break;
  }
  if (warnings.length > 0) headers['x-switchyard-warnings'] = headerSafe(warnings.join('; ')).slice(0, 2000);
  return headers;
}
