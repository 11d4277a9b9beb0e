import type { TargetRef } from '../routing/routing-types.ts';

/** What a project's (or a key's) budget does at 100 %: refuse with `budget_exceeded`, or serve through a cheaper router. */
export type ExhaustedAction = { kind: 'block' } | { kind: 'route'; router: string };

/** A monthly budget of a project or a virtual key. */
export type GovernedBudget = { monthlyUsd: number; alertAt: readonly number[]; onExhausted: ExhaustedAction };

export type GovernedLimits = { rpm?: number; tpm?: number };

/** Routers and models a project or key may call: exact names and globs, compiled once at load. */
export type NameAllowList = { patterns: readonly string[]; allows(name: string): boolean };

/** A tier router's table for one project: tier → targets, in the order the executor tries them. */
export type TierTables = ReadonlyMap<string, ReadonlyMap<string, readonly TargetRef[]>>;

/** A project (tenant, team) of the config, compiled and frozen. */
export type CompiledProject = {
  name: string;
  description: string | undefined;
  defaultRouter: string | undefined;
  /** Undefined: every router and model. */
  allowed: NameAllowList | undefined;
  tier: string | undefined;
  tierTables: TierTables;
  trustTierHeader: boolean;
  limits: GovernedLimits | undefined;
  budget: GovernedBudget | undefined;
  tags: Readonly<Record<string, string>>;
};

/** A `server.api_keys` entry: the key itself only as its sha256 digest. */
export type StaticApiKey = {
  name: string;
  /** sha256, hex. */
  digest: string;
  project: string | undefined;
  tier: string | undefined;
  tags: Readonly<Record<string, string>>;
};
