import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export type SigV4Credentials = { region: string; accessKeyId: string; secretAccessKey: string };

/**
 * Recomputes a request's SigV4 signature (service `bedrock`) with the AWS SDK's own signer from
 * the credentials a test says are right, as Bedrock does: the signed headers, path, query and body
 * must give the same signature, and the credential scope must name the region.
 */
export function createSigV4Verifier(credentials: SigV4Credentials): (request: IncomingMessage, body: string) => Promise<{ valid: boolean; region: string | undefined }> {
  const signer = new SignatureV4({ credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }, region: credentials.region, service: 'bedrock', sha256: Sha256 });
  return async (request, body) => {
    const authorization = request.headers.authorization ?? '';
    const match = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/bedrock\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)/.exec(authorization);
    if (match === null) return { valid: false, region: undefined };
    const [, , , region, signedHeaders, signature] = match;
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    if (!/^\d{8}T\d{6}Z$/.test(String(request.headers['x-amz-date'] ?? ''))) return { valid: false, region };
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const headers: Record<string, string> = {};
    for (const name of signedHeaders!.split(';')) headers[name] = String(request.headers[name] ?? '');
    const url = new URL(request.url ?? '/', 'http://fake');
    const signed = await signer.sign(
      { method: request.method ?? 'POST', protocol: 'http:', hostname: url.hostname, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body },
      { signingDate },
    );
    const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ''))?.[1];
    return { valid: expected === signature && region === credentials.region, region };
  };
}
