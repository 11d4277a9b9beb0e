import { describe, expect, it } from 'vitest';
import { ClientSignal } from './client-signal.ts';

describe('ClientSignal', () => {
  it('runs each listener once, in order, with an AbortError reason', () => {
    const client = new ClientSignal();
    const calls: string[] = [];
    client.onAbort(() => calls.push('first'));
    client.onAbort(() => calls.push('second'));
    expect(client.aborted).toBe(false);
    client.abort();
    client.abort();
    expect(calls).toEqual(['first', 'second']);
    expect(client.aborted).toBe(true);
    expect(client.reason).toBeInstanceOf(DOMException);
    expect((client.reason as DOMException).name).toBe('AbortError');
  });

  it('forgets a listener taken off', () => {
    const client = new ClientSignal();
    const calls: string[] = [];
    const gone = () => calls.push('gone');
    client.onAbort(gone);
    client.onAbort(() => calls.push('kept'));
    client.offAbort(gone);
    client.abort();
    expect(calls).toEqual(['kept']);
  });

  it('gives an AbortSignal that fires with it, made before or after the client went', () => {
    const before = new ClientSignal();
    const signal = before.signal;
    let fired = 0;
    signal.addEventListener('abort', () => fired++);
    expect(signal.aborted).toBe(false);
    before.abort('closed');
    expect(fired).toBe(1);
    expect(signal.reason).toBe('closed');
    expect(before.signal).toBe(signal);

    const after = new ClientSignal();
    after.abort('closed');
    expect(after.signal.aborted).toBe(true);
    expect(after.signal.reason).toBe('closed');
  });
});
