import { createHash, timingSafeEqual } from 'node:crypto';

/** sha256 of a secret, hex: what the gateway keeps and compares instead of the secret itself. */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Constant-time comparison of two hex digests (equal length by construction). Comparing digests,
 * not the secrets, also hides the secret's length.
 */
export function digestsEqual(left: string, right: string): boolean {
  const a = Buffer.from(left, 'hex');
  const b = Buffer.from(right, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Whether `candidate` is `secret`, in time that depends on neither. */
export function secretsEqual(candidate: string, secret: string): boolean {
  return digestsEqual(digestSecret(candidate), digestSecret(secret));
}
