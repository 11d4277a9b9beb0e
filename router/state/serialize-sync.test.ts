import { describe, expect, it } from 'vitest';
import { serializeSync } from './serialize-sync.ts';

describe('serializeSync', () => {
  it('runs one push at a time; callers arriving during a push share one follow-up push', async () => {
    const releases: Array<() => void> = [];
    let started = 0;
    const sync = serializeSync(() => {
      started++;
      return new Promise<void>((resolve) => releases.push(resolve));
    });
    const first = sync();
    const second = sync();
    const third = sync();
    expect(second).toBe(third);
    expect(started).toBe(1);
    releases[0]!();
    await first;
    await Promise.resolve();
    expect(started).toBe(2);
    releases[1]!();
    await second;
    expect(started).toBe(2);
    // Idle again: the next call pushes at once.
    const fourth = sync();
    expect(started).toBe(3);
    releases[2]!();
    await fourth;
  });

  it('a failed push still lets the follow-up run, and rejects only its own callers', async () => {
    let calls = 0;
    const sync = serializeSync(async () => {
      calls++;
      if (calls === 1) throw new Error('down');
    });
    const first = sync();
    const second = sync();
    await expect(first).rejects.toThrow('down');
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
