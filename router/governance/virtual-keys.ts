import type { CompiledConfig } from '../config/compiled-config.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import type { KeyStore } from './key-store.ts';
import { openAlertClaims, type AlertClaims } from './open-alert-claims.ts';
import { generateVirtualKey, type VirtualKeyRecord } from './virtual-key.ts';
import { virtualKeyInputSchema } from './virtual-key-input.ts';

const DAY_MS = 86_400_000;

/** A key just made (created or rotated): the secret, shown this once, and the record kept. */
export type IssuedKey = { key: string; record: VirtualKeyRecord };

function parseInput(body: unknown) {
  const result = virtualKeyInputSchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.join('.');
  throw new InvalidRequestError(`${path === '' ? 'body' : path}: ${issue.message}`, path || undefined);
}

/**
 * Virtual keys' lifecycle, for the admin API: create (the secret is returned once, only its digest
 * is stored), list, rotate (same id and settings, a new secret: the old one stops working at once)
 * and revoke. The project must exist in the config serving now; a key's tier, if set, is its own.
 */
export class VirtualKeys {
  readonly store: KeyStore;
  readonly #now: () => number;
  readonly #config: () => CompiledConfig;
  readonly #claims: AlertClaims;

  /** `claims`: where near-expiry alerts are claimed (default: once per process). */
  constructor(store: KeyStore, options: { now: () => number; config: () => CompiledConfig; claims?: AlertClaims }) {
    this.store = store;
    this.#now = options.now;
    this.#config = options.config;
    this.#claims = options.claims ?? openAlertClaims({ store: { kind: 'memory' } }, {});
  }

  async create(body: unknown): Promise<IssuedKey> {
    const input = parseInput(body);
    const config = this.#config();
    if (!config.projects.has(input.project)) {
      throw new InvalidRequestError(`project: unknown project '${input.project}' (known: ${[...config.projects.keys()].join(', ') || 'none'})`, 'project');
    }
    const now = this.#now();
    const { id, key, digest } = generateVirtualKey();
    const record: VirtualKeyRecord = { id, name: input.name, project: input.project, digest, createdAt: now };
    if (input.allowed !== undefined) record.allowed = input.allowed;
    if (input.tier !== undefined) record.tier = input.tier;
    if (input.tags !== undefined) record.tags = input.tags;
    if (input.metadata !== undefined) record.metadata = input.metadata;
    if (input.limits !== undefined) record.limits = input.limits;
    if (input.budget !== undefined) record.budget = { monthlyUsd: input.budget.monthly_usd, alertAt: input.budget.alert_at };
    if (input.expires_at !== undefined) record.expiresAt = typeof input.expires_at === 'number' ? input.expires_at : Date.parse(input.expires_at);
    else if (input.expires_in_days !== undefined) record.expiresAt = now + Math.round(input.expires_in_days * DAY_MS);
    await this.store.put(record);
    return { key, record };
  }

  list(): Promise<VirtualKeyRecord[]> {
    return this.store.list();
  }

  async #existing(id: string): Promise<VirtualKeyRecord> {
    const record = await this.store.get(id);
    if (record === undefined) throw new GatewayError('not_found', `No virtual key with id '${id}'.`);
    return record;
  }

  /** A new secret for the same key: the old secret is refused from now on. */
  async rotate(id: string): Promise<IssuedKey> {
    const record = await this.#existing(id);
    if (record.revokedAt !== undefined) throw new InvalidRequestError(`key '${id}' is revoked; create a new one`, 'id');
    const { key, digest } = generateVirtualKey(id);
    const rotated: VirtualKeyRecord = { ...record, digest, rotatedAt: this.#now() };
    await this.store.put(rotated);
    return { key, record: rotated };
  }

  /**
   * True for the one claim of a key's near-expiry alert: per key and expiry (a key given a later
   * expiry alerts again), once across replicas with a shared store, else once per process.
   */
  claimExpiryAlert(id: string, expiresAt: number): Promise<boolean> {
    return this.#claims(`key-expiry:${id}:${expiresAt}`);
  }

  async revoke(id: string): Promise<VirtualKeyRecord> {
    const record = await this.#existing(id);
    if (record.revokedAt !== undefined) return record;
    const revoked: VirtualKeyRecord = { ...record, revokedAt: this.#now() };
    await this.store.put(revoked);
    return revoked;
  }
}
