import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `condition` every `intervalMs` until it holds; throws once `timeoutMs` has passed without
 * it, so a test waiting on background work (a timer, a worker) fails instead of hanging.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, { timeoutMs = 5_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(intervalMs);
  }
}
