import type { CompiledProject, GovernedBudget, GovernedLimits, NameAllowList } from './compiled-project.ts';

/**
 * Who is calling, once authenticated: a `server.api_keys` entry or a virtual key, with what its
 * project and the key itself allow. Never the key.
 */
export type Caller = {
  kind: 'static' | 'virtual';
  /** The key's name (audit `caller`). */
  name: string;
  /** A virtual key's id (not secret); a static key's is `static:<name>`. */
  keyId: string;
  project: CompiledProject | undefined;
  /** The key's tier, else its project's. */
  tier: string | undefined;
  /** The project's tags, then the key's (the operator's word: a client cannot override them). */
  tags: Readonly<Record<string, string>>;
  /** The key's own narrowing of the project's entitlements. */
  allowed: NameAllowList | undefined;
  limits: GovernedLimits | undefined;
  budget: GovernedBudget | undefined;
  /** Epoch ms. */
  expiresAt: number | undefined;
};
