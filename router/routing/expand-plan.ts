import type { ChatParams } from '../core/chat-request.ts';
import type { Capabilities, CallOptions, CompiledConfig, CompiledRouter, Deployment } from '../config/compiled-config.ts';
import { checkDeploymentFit } from './check-deployment-fit.ts';
import type { PlanStep, RoutingContext, TargetRef } from './routing-types.ts';

/** What the routers along the way decided, for headers, logs and the audit. */
export type RouterDecision = {
  router: string;
  strategy: string;
  targets: string[];
  rule?: string;
  complexity?: number;
  detail?: Record<string, unknown>;
};

export type PlanTrace = { decisions: RouterDecision[] };

type Inherited = {
  routerPath: string[];
  overrideParams: Partial<ChatParams>;
  defaultParams: Partial<ChatParams>;
  callOptions: Partial<CallOptions>;
  providerModel: string | undefined;
  rule: string | undefined;
  /** Capabilities a logical model along the path turned off (`capabilities: { tools: false }`). */
  denied: ReadonlySet<keyof Capabilities> | undefined;
};

const ROOT: Inherited = { routerPath: [], overrideParams: {}, defaultParams: {}, callOptions: {}, providerModel: undefined, rule: undefined, denied: undefined };

const deniedByRouter = new WeakMap<CompiledRouter, ReadonlySet<keyof Capabilities> | undefined>();

function deniedThrough(router: CompiledRouter, outer: ReadonlySet<keyof Capabilities> | undefined): ReadonlySet<keyof Capabilities> | undefined {
  if (!deniedByRouter.has(router)) {
    const off = (Object.keys(router.capabilities) as Array<keyof Capabilities>).filter((name) => router.capabilities[name] === false);
    deniedByRouter.set(router, off.length === 0 ? undefined : new Set(off));
  }
  const own = deniedByRouter.get(router);
  if (own === undefined) return outer;
  return outer === undefined ? own : new Set([...outer, ...own]);
}

function stepFor(deployment: Deployment, inherited: Inherited, defaults: CallOptions, context: RoutingContext): PlanStep {
  const callOptions: CallOptions = { ...defaults, ...(deployment.timeoutMs === undefined ? {} : { timeoutMs: deployment.timeoutMs }), ...inherited.callOptions };
  const step: PlanStep = {
    deployment,
    providerModel: inherited.providerModel ?? deployment.providerModel,
    overrideParams: inherited.overrideParams,
    defaultParams: { ...deployment.params, ...inherited.defaultParams },
    callOptions,
    routerPath: inherited.routerPath,
  };
  if (inherited.rule !== undefined) step.rule = inherited.rule;
  const unfit = checkDeploymentFit(deployment, context.request, inherited.denied);
  if (unfit !== undefined) step.unfit = unfit;
  return step;
}

function throughTarget(inherited: Inherited, target: TargetRef): Inherited {
  return {
    ...inherited,
    overrideParams: target.params ? { ...inherited.overrideParams, ...target.params } : inherited.overrideParams,
    callOptions: target.callOptions ? { ...inherited.callOptions, ...target.callOptions } : inherited.callOptions,
    providerModel: target.providerModel ?? inherited.providerModel,
  };
}

/**
 * Expands a router (or a model name) into deployments to try, lazily: a nested router's policy
 * runs only when the executor gets that far. Only policies choose; this only walks their choices.
 * Options inherit outermost first, so the innermost setting wins.
 */
export async function* expandPlan(
  name: string,
  config: CompiledConfig,
  context: RoutingContext,
  trace: PlanTrace,
  inherited: Inherited = ROOT,
): AsyncGenerator<PlanStep, void, undefined> {
  const deployment = config.deployments.get(name);
  if (deployment !== undefined) {
    yield stepFor(deployment, inherited, config.defaults, context);
    return;
  }
  const router = config.routers.get(name);
  if (router === undefined) return;
  const choice = await router.policy.choose(context);
  const decision: RouterDecision = { router: name, strategy: router.strategy, targets: choice.targets.map((target) => target.name) };
  if (choice.rule !== undefined) decision.rule = choice.rule;
  if (choice.complexity !== undefined) decision.complexity = choice.complexity;
  if (choice.detail !== undefined) decision.detail = choice.detail;
  trace.decisions.push(decision);

  const inside: Inherited = {
    routerPath: [...inherited.routerPath, name],
    overrideParams: inherited.overrideParams,
    defaultParams: { ...inherited.defaultParams, ...router.defaultParams },
    callOptions: { ...inherited.callOptions, ...router.callOptions },
    providerModel: inherited.providerModel,
    rule: choice.rule ?? inherited.rule,
    denied: deniedThrough(router, inherited.denied),
  };
  for (const target of choice.targets) {
    yield* expandPlan(target.name, config, context, trace, throughTarget(inside, target));
  }
}
