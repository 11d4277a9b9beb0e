import type { ReasoningPart } from '../../core/chat-request.ts';

/**
 * A Responses client keeps a reasoning item's `encrypted_content` and sends it back on the next
 * turn. For reasoning another family signed (an Anthropic thinking signature, redacted thinking),
 * the gateway puts that family's opaque value there, tagged, so the next turn replays it to the
 * family that can verify it instead of losing it. OpenAI's own values go through untagged.
 */
const PREFIX = 'switchyard.v1:';

type Foreign = { family: string; signature?: string; redacted?: string };

/** The `encrypted_content` to show a Responses client for a reasoning part, if any. */
export function encodeReasoningContent(part: Pick<ReasoningPart, 'family' | 'encrypted' | 'signature' | 'redacted'>): string | undefined {
  if (part.family === undefined || part.family === 'openai') return part.encrypted;
  if (part.signature === undefined && part.redacted === undefined) return undefined;
  const foreign: Foreign = { family: part.family };
  if (part.signature !== undefined) foreign.signature = part.signature;
  if (part.redacted !== undefined) foreign.redacted = part.redacted;
  return PREFIX + Buffer.from(JSON.stringify(foreign)).toString('base64url');
}

/** Whether a reasoning item's `encrypted_content` is one the gateway tagged with another family (OpenAI cannot decrypt it). */
export function isGatewayReasoningContent(encrypted: unknown): boolean {
  return typeof encrypted === 'string' && encrypted.startsWith(PREFIX);
}

/** A reasoning item's `encrypted_content` → the family and opaque values of the reasoning part. */
export function decodeReasoningContent(encrypted: string): Pick<ReasoningPart, 'family' | 'encrypted' | 'signature' | 'redacted'> {
  if (!encrypted.startsWith(PREFIX)) return { family: 'openai', encrypted };
  try {
    const foreign = JSON.parse(Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString('utf8')) as Partial<Foreign>;
    if (typeof foreign.family !== 'string') return { family: 'openai', encrypted };
    const part: Pick<ReasoningPart, 'family' | 'signature' | 'redacted'> = { family: foreign.family };
    if (typeof foreign.signature === 'string') part.signature = foreign.signature;
    if (typeof foreign.redacted === 'string') part.redacted = foreign.redacted;
    return part;
  } catch {
    return { family: 'openai', encrypted };
  }
}
