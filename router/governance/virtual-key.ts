import { randomBytes } from 'node:crypto';
import { digestSecret } from './digest-secret.ts';

/**
 * A virtual key as stored: never the secret, only its sha256. The key a client sends is
 * `sy-<id>-<secret>`: `id` (16 hex characters) finds the record, the digest of the whole key is
 * compared in constant time. The secret carries 256 random bits, so a fast hash is enough (there
 * is nothing to brute-force, unlike a password). `id` survives rotation: spend and counters stay
 * attributed to the same key.
 */
export type VirtualKeyRecord = {
  id: string;
  name: string;
  project: string;
  /** sha256 (hex) of the whole key. */
  digest: string;
  /** Epoch ms. */
  createdAt: number;
  rotatedAt?: number;
  revokedAt?: number;
  expiresAt?: number;
  /** Narrows the project's: routers and models (names or globs). */
  allowed?: string[];
  tier?: string;
  tags?: Record<string, string>;
  metadata?: Record<string, string>;
  limits?: { rpm?: number; tpm?: number };
  budget?: { monthlyUsd: number; alertAt: number[] };
};

/** What an operator may set on a key (create, or a rotation that keeps the rest). */
export type VirtualKeySettings = Omit<VirtualKeyRecord, 'id' | 'digest' | 'createdAt' | 'rotatedAt' | 'revokedAt'>;

const PREFIX = 'sy-';
const ID_LENGTH = 16;

/** A fresh key for `id` (or a new id): the string to show once, and its digest to store. */
export function generateVirtualKey(id = randomBytes(ID_LENGTH / 2).toString('hex')): { id: string; key: string; digest: string } {
  const key = `${PREFIX}${id}-${randomBytes(32).toString('base64url')}`;
  return { id, key, digest: digestSecret(key) };
}

/** The id of a string shaped like a virtual key, else undefined (a static key, or garbage). */
export function virtualKeyId(key: string): string | undefined {
  if (!key.startsWith(PREFIX) || key[PREFIX.length + ID_LENGTH] !== '-') return undefined;
  const id = key.slice(PREFIX.length, PREFIX.length + ID_LENGTH);
  return /^[0-9a-f]+$/.test(id) ? id : undefined;
}

/** The record as the admin API and CLI show it: the digest stays inside. */
export function describeVirtualKey(record: VirtualKeyRecord, now: number): Record<string, unknown> {
  const { digest: _digest, ...visible } = record;
  const state = record.revokedAt !== undefined ? 'revoked' : record.expiresAt !== undefined && record.expiresAt <= now ? 'expired' : 'active';
  return { ...visible, state };
}
