import type { IncomingHttpHeaders } from 'node:http';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { Caller } from './caller.ts';
import { compileNameAllowList } from './compile-name-allow-list.ts';
import { digestSecret, digestsEqual } from './digest-secret.ts';
import type { KeyStore } from './key-store.ts';
import { virtualKeyId, type VirtualKeyRecord } from './virtual-key.ts';

const INVALID = 'Missing or invalid API key: send `Authorization: Bearer <key>` or `x-api-key`.';

/** The caller's gateway key from `Authorization: Bearer …` or `x-api-key`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

function unauthorized(message = INVALID): GatewayError {
  return new GatewayError('unauthorized', message);
}

function fromStatic(config: CompiledConfig, digest: string): Caller | undefined {
  // Every entry is compared, matched or not, so the time taken says nothing about which matched.
  let found: NonNullable<CompiledConfig['apiKeys']>[number] | undefined;
  for (const entry of config.apiKeys ?? []) if (digestsEqual(entry.digest, digest)) found = entry;
  if (found === undefined) return undefined;
  const project = found.project === undefined ? undefined : config.projects.get(found.project);
  return {
    kind: 'static',
    name: found.name,
    keyId: `static:${found.name}`,
    project,
    tier: found.tier ?? project?.tier,
    tags: { ...project?.tags, ...found.tags },
    allowed: undefined,
    limits: undefined,
    budget: undefined,
    expiresAt: undefined,
  };
}

function fromVirtual(config: CompiledConfig, record: VirtualKeyRecord, now: number): Caller {
  if (record.revokedAt !== undefined) throw unauthorized('This API key has been revoked.');
  if (record.expiresAt !== undefined && record.expiresAt <= now) throw unauthorized('This API key has expired.');
  const project = config.projects.get(record.project);
  if (project === undefined) throw unauthorized(`This API key's project '${record.project}' is not in the gateway's config.`);
  return {
    kind: 'virtual',
    name: record.name,
    keyId: record.id,
    project,
    tier: record.tier ?? project.tier,
    tags: { ...project.tags, ...record.tags },
    allowed: record.allowed === undefined ? undefined : compileNameAllowList(record.allowed),
    limits: record.limits,
    budget: record.budget === undefined ? undefined : { monthlyUsd: record.budget.monthlyUsd, alertAt: record.budget.alertAt, onExhausted: { kind: 'block' } },
    expiresAt: record.expiresAt,
  };
}

/**
 * The caller of a /v1 request: undefined when the gateway needs no key (neither `server.api_keys`
 * nor `projects` configured); else a static key or a live virtual key, or a 401 `unauthorized`.
 * Keys are compared by sha256 digest in constant time; the key never leaves this function.
 */
export async function authenticateCaller(config: CompiledConfig, keys: KeyStore | undefined, headers: IncomingHttpHeaders, now: number): Promise<Caller | undefined> {
  if (!config.requireApiKey) return undefined;
  const key = presentedKey(headers);
  if (key === undefined || key === '') throw unauthorized();
  const digest = digestSecret(key);
  const id = virtualKeyId(key);
  if (id !== undefined && keys !== undefined) {
    const record = await keys.get(id);
    if (record !== undefined && digestsEqual(record.digest, digest)) return fromVirtual(config, record, now);
  }
  const caller = fromStatic(config, digest);
  if (caller === undefined) throw unauthorized();
  return caller;
}
