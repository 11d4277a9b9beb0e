import type { ChatParams, ChatRequest } from '../core/chat-request.ts';
import type { Capabilities, CallOptions, CompiledConfig, CompiledRouter, Deployment } from '../config/compiled-config.ts';
import { checkDeploymentFit } from './check-deployment-fit.ts';
import { passthroughDeployment } from './resolve-model-name.ts';
import { compressContext } from '../guardrails/compress-context.ts';
import { RequestMemo, type MemoKey } from '../signals/request-memo.ts';
import type { PlanStep, RoutingContext, TargetRef } from './routing-types.ts';

/** What the routers along the way decided, for headers, logs and the audit. */
export type RouterDecision = {
  router: string;
  strategy: string;
  targets: string[];
  rule?: string;
  complexity?: number;
  detail?: Record<string, unknown>;
  /** Targets moved after their peers because their recent error rate or latency is far worse (`health:`), with why. */
  demoted?: Array<{ target: string; reason: string }>;
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

/** What the routers above turned off, plus what this one turns off. */
function deniedThrough(router: CompiledRouter, outer: ReadonlySet<keyof Capabilities> | undefined): ReadonlySet<keyof Capabilities> | undefined {
  const own = router.deniedCapabilities;
  if (own === undefined) return outer;
  return outer === undefined ? own : new Set([...outer, ...own]);
}

function stepFor(deployment: Deployment, inherited: Inherited, config: CompiledConfig, context: RoutingContext): PlanStep {
  const defaults = config.defaults;
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
  const unfit = checkDeploymentFit(deployment, context.memo, inherited.denied);
  // A router with `tools: { strip_tools_when_unsupported: true }` on the path: a target that only lacks tools gets the request without them (the attempt says so in a warning).
  if (unfit !== undefined && unfit.reason === TOOLS_MISSING && stripsTools(config, inherited.routerPath) && checkDeploymentFit(deployment, toollessMemo(context), inherited.denied) === undefined) {
    step.stripTools = true;
  } else if (unfit !== undefined) step.unfit = unfit;
  // A router with `compress:` on the path: a request over the target's window (or the budget) is compressed for it, when compression can make it fit.
  const compressing = compressingRouter(config, inherited.routerPath);
  if (compressing !== undefined && (step.unfit === undefined || step.unfit.code === 'context_length_exceeded')) {
    const policy = config.guardrails.compress.get(compressing)!;
    const windowLimit = deployment.maxInputTokens ?? deployment.context;
    const limit = Math.min(windowLimit ?? Number.POSITIVE_INFINITY, policy.budgetTokens ?? Number.POSITIVE_INFINITY);
    if (Number.isFinite(limit) && (step.unfit !== undefined || context.memo.inputTokens() > limit) && compressContext(context.request, limit, policy).fits) {
      delete step.unfit;
      step.compress = { router: compressing, limit };
    }
  }
  return step;
}

const TOOLS_MISSING = 'lacks tools';
/** The request without its tools, and its memo: made once per request (in its memo), for every target that only lacks tools. */
const TOOLLESS: MemoKey<RequestMemo> = { name: 'request without tools' };

function toollessMemo(context: RoutingContext): RequestMemo {
  return context.memo.once(TOOLLESS, () => {
    const stripped: ChatRequest = { ...context.request };
    delete stripped.tools;
    delete stripped.toolChoice;
    return new RequestMemo(stripped);
  });
}

/** The innermost router on the path with `compress:`. */
function compressingRouter(config: CompiledConfig, routerPath: readonly string[]): string | undefined {
  for (let index = routerPath.length - 1; index >= 0; index--) if (config.guardrails.compress.has(routerPath[index]!)) return routerPath[index];
  return undefined;
}

function stripsTools(config: CompiledConfig, routerPath: readonly string[]): boolean {
  return routerPath.some((router) => config.guardrails.tools.routers.get(router)?.stripWhenUnsupported === true);
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
 * A router's choice with the deployments far worse than their peers (recent error rate or
 * latency, `health:`) moved to the end, in their order: still tried, after the others. Routers
 * among the targets keep their place. One target, or demotion off: the choice as it is.
 */
function demoteUnhealthy(targets: readonly TargetRef[], config: CompiledConfig, health: RoutingContext['health']): { targets: readonly TargetRef[]; demoted: Array<{ target: string; reason: string }> } {
  if (health.demotion === undefined || targets.length < 2) return { targets, demoted: [] };
  const peers = targets.filter((target) => config.deployments.has(target.name)).map((target) => target.name);
  if (peers.length < 2) return { targets, demoted: [] };
  const kept: TargetRef[] = [];
  const moved: TargetRef[] = [];
  const demoted: Array<{ target: string; reason: string }> = [];
  for (const target of targets) {
    const reason = config.deployments.has(target.name) ? health.demotion(target.name, peers) : undefined;
    if (reason === undefined) kept.push(target);
    else {
      moved.push(target);
      demoted.push({ target: target.name, reason });
    }
  }
  return demoted.length === 0 ? { targets, demoted } : { targets: [...kept, ...moved], demoted };
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
  // A `<provider>/<model id>` name of a pass-through provider (that no router is named) is a deployment of its own.
  const deployment = config.deployments.get(name) ?? (config.routers.has(name) ? undefined : passthroughDeployment(config, name));
  if (deployment !== undefined) {
    yield stepFor(deployment, inherited, config, context);
    return;
  }
  const router = config.routers.get(name);
  if (router === undefined) return;
  const choice = await router.policy.choose(context);
  const { targets, demoted } = demoteUnhealthy(choice.targets, config, context.health);
  const decision: RouterDecision = { router: name, strategy: router.strategy, targets: targets.map((target) => target.name) };
  if (demoted.length > 0) decision.demoted = demoted;
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
  for (const target of targets) {
    yield* expandPlan(target.name, config, context, trace, throughTarget(inside, target));
  }
}
