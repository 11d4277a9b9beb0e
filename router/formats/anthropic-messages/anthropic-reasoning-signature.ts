import type { ProviderFamily, ReasoningPart } from '../../core/chat-request.ts';

/**
 * An Anthropic client keeps reasoning only as `thinking` blocks with a `signature`, and sends them
 * back in the next turn. Reasoning that Anthropic signed keeps its own signature. Reasoning from
 * another family (OpenAI's encrypted reasoning, a server's unsigned reasoning_content) gets a
 * gateway signature that carries its family and opaque values, so the next turn restores the part
 * exactly: replayed to its own family, left out (with a warning) for Anthropic, which would refuse
 * a signature it did not make.
 */
const PREFIX = 'switchyard.v1.';

type Carried = { family?: ProviderFamily; signature?: string; encrypted?: string; id?: string };

export function encodeReasoningSignature(part: Pick<ReasoningPart, 'family' | 'signature' | 'encrypted' | 'id'>): string {
  if (part.family === 'anthropic' && part.signature !== undefined) return part.signature;
  const carried: Carried = {};
  if (part.family !== undefined) carried.family = part.family;
  if (part.signature !== undefined) carried.signature = part.signature;
  if (part.encrypted !== undefined) carried.encrypted = part.encrypted;
  if (part.id !== undefined) carried.id = part.id;
  return PREFIX + Buffer.from(JSON.stringify(carried)).toString('base64url');
}

/** Whether a thinking block's signature is one the gateway made for another family's reasoning (Anthropic cannot verify it). */
export function isGatewayReasoningSignature(signature: unknown): boolean {
  return typeof signature === 'string' && signature.startsWith(PREFIX);
}

/** A thinking block's signature → the family that made it and its opaque values. */
export function decodeReasoningSignature(signature: string | undefined): Carried {
  if (signature === undefined) return { family: 'anthropic' };
  if (!signature.startsWith(PREFIX)) return { family: 'anthropic', signature };
  try {
    const carried = JSON.parse(Buffer.from(signature.slice(PREFIX.length), 'base64url').toString('utf8')) as Carried;
    if (typeof carried === 'object' && carried !== null) return carried;
  } catch {
    // Not one of ours after all: fall through.
  }
  return { family: 'anthropic', signature };
}
