import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { GatewayRuntime } from './gateway-runtime.ts';
import { RuntimeHolder } from './runtime-holder.ts';

function fakeRuntime(name: string): GatewayRuntime & { closes: number } {
  const runtime = {
    config: { hash: name } as unknown as CompiledConfig,
    adapters: new Map(),
    embedders: new Map(),
    closes: 0,
    close: async () => {
      runtime.closes++;
    },
  };
  return runtime;
}

describe('RuntimeHolder', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a replaced runtime open while a request holds it, and closes it after the last release', async () => {
    const first = fakeRuntime('first');
    const second = fakeRuntime('second');
    const holder = new RuntimeHolder(first);
    const early = holder.acquire();
    const later = holder.acquire();
    const swapped = holder.swap(second);
    expect(holder.current).toBe(second);
    expect(early.runtime).toBe(first);
    expect(holder.draining).toBe(1);
    early.release();
    early.release(); // a second release of the same lease changes nothing
    await Promise.resolve();
    expect(first.closes).toBe(0);
    later.release();
    await swapped;
    expect(first.closes).toBe(1);
    expect(second.closes).toBe(0);
    expect(holder.draining).toBe(0);
    expect(holder.acquire().runtime).toBe(second);
  });

  it('closes an idle replaced runtime at once', async () => {
    const first = fakeRuntime('first');
    const holder = new RuntimeHolder(first);
    holder.acquire().release();
    await holder.swap(fakeRuntime('second'));
    expect(first.closes).toBe(1);
  });

  it('closes a runtime whose request never ends once the drain grace has passed', async () => {
    vi.useFakeTimers();
    const first = fakeRuntime('first');
    const holder = new RuntimeHolder(first, { drainGraceMs: 1_000 });
    const stuck = holder.acquire();
    const swapped = holder.swap(fakeRuntime('second'));
    await vi.advanceTimersByTimeAsync(999);
    expect(first.closes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await swapped;
    expect(first.closes).toBe(1);
    stuck.release(); // late release after the forced close: nothing closes twice
    expect(first.closes).toBe(1);
  });

  it('close() closes the current runtime and every one still draining, each once', async () => {
    const first = fakeRuntime('first');
    const second = fakeRuntime('second');
    const third = fakeRuntime('third');
    const holder = new RuntimeHolder(first);
    const held = holder.acquire();
    void holder.swap(second);
    const alsoHeld = holder.acquire();
    void holder.swap(third);
    await holder.close();
    expect([first.closes, second.closes, third.closes]).toEqual([1, 1, 1]);
    held.release();
    alsoHeld.release();
    expect([first.closes, second.closes, third.closes]).toEqual([1, 1, 1]);
  });
});
