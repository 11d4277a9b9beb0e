import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ bedrock: { region: 'eu-north-1', accessKeyId: 'AKIATEST', secretAccessKey: 'secret' } });
});
afterAll(async () => upstream?.close());

describe('fake upstream, Bedrock Converse wire', () => {
  it('refuses a request without a valid SigV4 signature, as Bedrock does', async () => {
    const response = await fetch(`${upstream.url}/model/${encodeURIComponent('eu.anthropic.claude-opus-4-6-v1:0')}/converse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=AKIATEST/20261206/eu-north-1/bedrock/aws4_request, SignedHeaders=host, Signature=00' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'InvalidSignatureException' });
  });
});
