import type { AccessToken, TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { createEntraTokenSource } from './entra-token-source.ts';

const SCOPE = 'https://cognitiveservices.azure.com/.default';
const HOUR = 3_600_000;

/** A TokenCredential that hands out numbered tokens valid for an hour from the injected clock, or fails while `failing`. */
function scriptedCredential(clock: { now: number }) {
  const state = { calls: 0, scopes: [] as string[], failing: false };
  const credential: TokenCredential = {
    async getToken(scopes) {
      state.calls++;
      state.scopes.push(String(scopes));
      if (state.failing) throw new Error('token endpoint unavailable\nsecond line');
      return { token: `token-${state.calls}`, expiresOnTimestamp: clock.now + HOUR } satisfies AccessToken;
    },
  };
  return { credential, state };
}

describe('createEntraTokenSource (a TokenCredential injected: the e2e test runs the real DefaultAzureCredential)', () => {
  it('caches the token and refreshes it 5 minutes before it expires, for its scope', async () => {
    const clock = { now: 1_000_000 };
    const { credential, state } = scriptedCredential(clock);
    const token = createEntraTokenSource(SCOPE, { credential, now: () => clock.now });
    expect(await token()).toBe('token-1');
    clock.now += HOUR - 5 * 60_000 - 1;
    expect(await token()).toBe('token-1');
    clock.now += 1;
    expect(await token()).toBe('token-2');
    expect(state.scopes).toEqual([SCOPE, SCOPE]);
  });

  it('honours the credential’s refreshAfterTimestamp', async () => {
    const clock = { now: 0 };
    let calls = 0;
    const credential: TokenCredential = {
      getToken: async () => ({ token: `t${++calls}`, expiresOnTimestamp: clock.now + HOUR, refreshAfterTimestamp: clock.now + 60_000 }),
    };
    const token = createEntraTokenSource(SCOPE, { credential, now: () => clock.now });
    expect(await token()).toBe('t1');
    clock.now = 59_999;
    expect(await token()).toBe('t1');
    clock.now = 60_000;
    expect(await token()).toBe('t2');
  });

  it('shares one refresh among concurrent callers', async () => {
    const clock = { now: 0 };
    const { credential, state } = scriptedCredential(clock);
    const token = createEntraTokenSource(SCOPE, { credential, now: () => clock.now });
    expect(await Promise.all([token(), token(), token()])).toEqual(['token-1', 'token-1', 'token-1']);
    expect(state.calls).toBe(1);
  });

  it('keeps a still-valid token when a refresh fails; without one it is a 401 UpstreamError (fail over), first line of the cause only', async () => {
    const clock = { now: 0 };
    const { credential, state } = scriptedCredential(clock);
    const token = createEntraTokenSource(SCOPE, { credential, now: () => clock.now });
    expect(await token()).toBe('token-1');
    state.failing = true;
    clock.now = HOUR - 60_000;
    expect(await token()).toBe('token-1');
    clock.now = HOUR;
    const error = await token().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).upstreamStatus).toBe(401);
    expect((error as UpstreamError).reason).toBe(`no Entra ID token for ${SCOPE}: token endpoint unavailable`);
    state.failing = false;
    expect(await token()).toBe('token-4');
  });
});
