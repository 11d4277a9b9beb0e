import { describe, expect, it } from 'vitest';
import { previousResponseDeployment } from '../pipeline/previous-response-deployment.ts';
import { MemoryResponseAffinity, RESPONSE_AFFINITY_TTL_MS } from './response-affinity.ts';

describe('MemoryResponseAffinity', () => {
  it('remembers an id until the TTL, and drops the oldest past its bound', async () => {
    let now = 1_000;
    const affinity = new MemoryResponseAffinity({ now: () => now, maxEntries: 2 });
    await affinity.remember('resp_1', { deployment: 'a', keyId: 'k1' });
    await affinity.remember('resp_2', { deployment: 'b', keyId: undefined });
    expect(await affinity.lookup('resp_1')).toEqual({ deployment: 'a', keyId: 'k1' });
    await affinity.remember('resp_3', { deployment: 'c', keyId: undefined });
    expect(await affinity.lookup('resp_1')).toBeUndefined();
    expect(await affinity.lookup('resp_3')).toEqual({ deployment: 'c', keyId: undefined });
    now += RESPONSE_AFFINITY_TTL_MS;
    expect(await affinity.lookup('resp_3')).toBeUndefined();
  });
});

describe('previousResponseDeployment', () => {
  const affinity = new MemoryResponseAffinity({ now: () => 0 });
  void affinity.remember('resp_mine', { deployment: 'resp-b', keyId: 'key-1' });

  it('is undefined without previous_response_id and the owner’s deployment for the same key', async () => {
    expect(await previousResponseDeployment(affinity, { input: 'x' }, 'key-1')).toBeUndefined();
    expect(await previousResponseDeployment(affinity, { previous_response_id: null }, 'key-1')).toBeUndefined();
    expect(await previousResponseDeployment(affinity, { previous_response_id: 'resp_mine' }, 'key-1')).toBe('resp-b');
  });

  it('refuses another key’s id, an unknown id and a non-string with a 400 naming the param', async () => {
    await expect(previousResponseDeployment(affinity, { previous_response_id: 'resp_mine' }, 'key-2')).rejects.toMatchObject({ code: 'unsupported_feature', param: 'previous_response_id' });
    await expect(previousResponseDeployment(affinity, { previous_response_id: 'resp_other' }, 'key-1')).rejects.toMatchObject({ code: 'unsupported_feature', statusCode: 400 });
    await expect(previousResponseDeployment(affinity, { previous_response_id: 7 }, undefined)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
