/**
 * The contract between routing policies (which choose) and the executor (which calls).
 * A policy returns an ordered list of targets; routers among them are expanded lazily into
 * plan steps, one deployment each.
 */
import type { RequestMemo } from '../signals/request-memo.ts';
import type { ChatParams, ChatRequest } from '../core/chat-request.ts';
import type { CallOptions } from '../config/call-options.ts';
import type { Deployment } from '../config/deployment.ts';
import type { ScorerClient } from '../scoring/scorer-client.ts';

/** A reference from a router to a model or another router, with the overrides of that use. */
export type TargetRef = {
  name: string;
  kind: 'model' | 'router';
  /** Provider model id to call instead of the deployment's. */
  providerModel?: string;
  params?: Partial<ChatParams>;
  callOptions?: Partial<CallOptions>;
  weight?: number;
};

/** One deployment to try, with everything the executor needs to call it. */
export type PlanStep = {
  deployment: Deployment;
  providerModel: string;
  /** Params forced by targets along the path (they win over the request's). */
  overrideParams: Partial<ChatParams>;
  /** Logical-model defaults along the path (the request's own params win over these). */
  defaultParams: Partial<ChatParams>;
  callOptions: CallOptions;
  /** Routers walked to reach this step, outermost first. */
  routerPath: string[];
  /** The rule that matched along the path, if any. */
  rule?: string;
  /** Why this deployment cannot serve the request (lacks a capability, input too long): the executor skips it. */
  unfit?: Unfit;
  /** The deployment cannot take tools and a router on the path strips them (`strip_tools_when_unsupported`): the attempt sends the request without them. */
  stripTools?: boolean;
  /** The request is over the deployment's window (or the router's budget) and a router on the path compresses: the attempt compresses it to `limit` tokens. */
  compress?: { router: string; limit: number };
};

/** A deployment that cannot serve a request, and the client error to give when none can. */
export type Unfit = { code: 'context_length_exceeded' | 'unsupported_feature'; reason: string };

/** What a policy hands back. Extra decision detail goes to the log and the audit. */
export type RoutingChoice = {
  targets: TargetRef[];
  rule?: string;
  complexity?: number;
  detail?: Record<string, unknown>;
};

/** Deterministic inputs a policy may use: all injected, never read from globals. */
export type RoutingEnvironment = {
  random: () => number;
  now: () => number;
};

export type HealthView = {
  /** False when the deployment's circuit is open (the executor skips it anyway). */
  isAvailable(deployment: string): boolean;
  /** Smoothed latency in ms, undefined before the first observation. */
  latencyMs(deployment: string): number | undefined;
  /** Why the deployment should be tried after its peers of a plan (error rate or latency far worse), or undefined; absent: never. */
  demotion?(deployment: string, peers: readonly string[]): string | undefined;
};

export type RoutingContext = {
  request: ChatRequest;
  /** What is derived from the request once (token estimate, needs, score, rules signals), shared by every router on its path. */
  memo: RequestMemo;
  headers: Readonly<Record<string, string | undefined>>;
  tags: Readonly<Record<string, string>>;
  environment: RoutingEnvironment;
  health: HealthView;
  /** Present when the gateway runs a scorer (smart routers, `complexity` rules). */
  scorer?: ScorerClient;
  /** The client's parsed JSON body, for `$` paths of rules. */
  body?: unknown;
  /** Wall-clock time the request arrived (epoch ms), for time-of-day signals. */
  receivedAt?: number;
  /** The gateway API key that authenticated the call (its name and tier, never the key). */
  caller?: RoutingCaller;
  /** The month's spend, for `monthly_spend_pct`; absent means no ledger (0 %). */
  spend?: SpendView;
};

/** What routing may know of an authenticated caller. */
export type RoutingCaller = {
  name: string;
  tier?: string;
  /** Whether a tier router may take the tier from its header (or tag) when the key names none; default no. */
  trustTierHeader?: boolean;
  /** The caller's project's tier tables: tier router → tier → targets, replacing that router's. */
  tierTables?: ReadonlyMap<string, ReadonlyMap<string, readonly TargetRef[]>>;
};

export type SpendView = {
  /** The highest spend / monthly_usd among the providers that have a budget. */
  monthlySpendFraction(): number;
};

export interface RoutingPolicy {
  readonly strategy: string;
  choose(context: RoutingContext): RoutingChoice | Promise<RoutingChoice>;
}
