import type { ChatRequest } from '../core/chat-request.ts';
import { GuardrailBlockedError } from '../errors/guardrail-blocked-error.ts';
import type { CarriedBodyEdit } from '../providers/provider-adapter.ts';
import type { PlanStep } from '../routing/routing-types.ts';
import { ruleKey, type CompiledGuardrail, type CompiledGuardrails, type CompiledToolPolicy, type ExternalDetector, type SpanDetector } from './compiled-guardrail.ts';
import { filterTools, removeCarriedTools, withTools } from './filter-tools.ts';
import type { GuardrailStage, GuardrailVerdict } from './guardrail-verdict.ts';
import { redactCarriedBody } from './redact-carried-body.ts';
import { redactChatRequest } from './redact-chat-request.ts';
import { RedactionMap } from './redaction-map.ts';
import { requestTexts } from './request-texts.ts';
import { runExternalCheck, type ExternalCheckDependencies } from './run-external-check.ts';
import { compressRequest } from './compress-request.ts';

/** What one attempt sends: the request as the guardrails left it, the same edits for a carried body, and whether the answer must be translated (to be checked or restored). */
export type GuardedStep = { request: ChatRequest; bodyEdits: readonly CarriedBodyEdit[]; translate: boolean };

type Applied = { request: ChatRequest; redactors: readonly SpanDetector[]; removedTools: ReadonlySet<string> };

/**
 * One request's guardrails. `runInput` runs the checks that apply before routing (global, the
 * project's, the named router's): it blocks (throws), redacts, routes or warns. `prepare(step)`
 * adds the checks of the routers and rule the plan walked to that step, for that attempt only.
 * `outputGuards(step)` are the checks the answer of that step goes through. Verdicts and warnings
 * collect here for the audit row, the metric and the header. Per request; never shared.
 */
export class RequestGuard {
  readonly verdicts: GuardrailVerdict[] = [];
  readonly redactions = new RedactionMap();
  /** Set by a `route_to` guardrail: the router or model to serve the request. */
  route: string | undefined;
  readonly #config: CompiledGuardrails;
  readonly #dependencies: ExternalCheckDependencies;
  readonly #applied = new Set<CompiledGuardrail>();
  readonly #before: CompiledGuardrail[] = [];
  readonly #appliedPolicies = new Set<CompiledToolPolicy>();
  /** What the guardrails did that the client should know (tools removed); verdicts add their own. */
  readonly warnings: string[] = [];
  #restore = false;
  #state: Applied;
  #planning: ChatRequest;

  constructor(config: CompiledGuardrails, request: ChatRequest, dependencies: ExternalCheckDependencies) {
    this.#config = config;
    this.#dependencies = dependencies;
    this.#state = { request, redactors: [], removedTools: new Set() };
    this.#planning = request;
  }

  /** Whether any guardrail or tool policy could apply to this config (else the request path skips all of this). */
  static applies(config: CompiledGuardrails): boolean {
    return config.checks.size > 0 || config.tools.routers.size > 0 || config.tools.projects.size > 0 || config.compress.size > 0;
  }

  /** The request routing plans with: the client's own, minus the tools the policies removed (so a target without tools may fit). */
  get planningRequest(): ChatRequest {
    return this.#planning;
  }

  /** The project's and the named router's `tools:` policies, before routing. */
  filterToolsBeforeRouting(project: string | undefined, router: string | undefined): void {
    const policies = [project === undefined ? undefined : this.#config.tools.projects.get(project), router === undefined ? undefined : this.#config.tools.routers.get(router)];
    for (const policy of policies) {
      if (policy === undefined || this.#appliedPolicies.has(policy)) continue;
      this.#appliedPolicies.add(policy);
      const filtered = this.#filter(this.#state, policy, this.warnings);
      this.#state = filtered;
      this.#planning = filterTools(this.#planning, policy).request;
    }
  }

  #filter(state: Applied, policy: CompiledToolPolicy, warnings: string[]): Applied {
    const { request, removed } = filterTools(state.request, policy);
    if (removed.length === 0) return state;
    warnings.push(`tools removed by ${policy.scope}: ${removed.join(', ')}`);
    return { ...state, request, removedTools: new Set([...state.removedTools, ...removed]) };
  }

  /** The checks attached before routing: global, then the project's, then the named router's. */
  scopeBeforeRouting(project: string | undefined, router: string | undefined): CompiledGuardrail[] {
    const guards = [...this.#config.global];
    if (project !== undefined) guards.push(...(this.#config.projects.get(project) ?? []));
    if (router !== undefined) guards.push(...(this.#config.routers.get(router) ?? []));
    return guards;
  }

  async runInput(guards: readonly CompiledGuardrail[]): Promise<void> {
    const fresh = guards.filter((guard) => !this.#applied.has(guard));
    for (const guard of fresh) this.#applied.add(guard);
    this.#before.push(...fresh);
    this.#state = await this.#apply(this.#state, fresh, this.verdicts);
  }

  /** Whether the input guardrails redacted anything an answer may repeat (restore on). */
  get restoring(): boolean {
    return this.#restore && this.redactions.size > 0;
  }

  /** The request after the checks before routing. */
  get request(): ChatRequest {
    return this.#state.request;
  }

  async prepare(step: PlanStep): Promise<GuardedStep> {
    const extra = this.#stepGuards(step).filter((guard) => !this.#applied.has(guard));
    const verdicts: GuardrailVerdict[] = [];
    const warnings: string[] = [];
    let state: Applied = this.#state;
    try {
      for (const router of step.routerPath) {
        const policy = this.#config.tools.routers.get(router);
        if (policy !== undefined && !this.#appliedPolicies.has(policy)) state = this.#filter(state, policy, warnings);
      }
      if (extra.length > 0) state = await this.#apply(state, extra, verdicts);
    } finally {
      // A failover re-runs the step's checks: each verdict is kept once.
      for (const verdict of verdicts) if (!this.verdicts.some((known) => known.guardrail === verdict.guardrail && known.stage === verdict.stage)) this.verdicts.push(verdict);
    }
    const bodyEdits = state.redactors.length === 0 ? [] : [redactCarriedBody(state.redactors, this.redactions)];
    if (step.stripTools === true && (state.request.tools?.length ?? 0) > 0) {
      warnings.push(`tools removed: '${step.deployment.name}' cannot take tools (strip_tools_when_unsupported)`);
      state = { ...state, request: withTools(state.request, []) };
      bodyEdits.push(removeCarriedTools('all'));
    } else if (state.removedTools.size > 0) bodyEdits.push(removeCarriedTools(state.removedTools));
    let compressed = false;
    if (step.compress !== undefined) {
      const policy = this.#config.compress.get(step.compress.router);
      if (policy !== undefined) {
        const result = await compressRequest(state.request, step.compress.limit, policy, this.#dependencies);
        if (result.request !== state.request) {
          state = { ...state, request: result.request };
          compressed = true;
          warnings.push(`context compressed for '${step.deployment.name}' (to ${step.compress.limit} tokens by router '${step.compress.router}'): ${result.description}`);
        }
      }
    }
    for (const warning of warnings) if (!this.warnings.includes(warning)) this.warnings.push(warning);
    // A compressed request is sent translated: the carried body is the client's, uncompressed.
    return { request: state.request, bodyEdits, translate: compressed || this.restoring || this.outputGuards(step).length > 0 };
  }

  /** The output checks for the answer of `step`: those attached before routing and along its path. */
  outputGuards(step: PlanStep | undefined): CompiledGuardrail[] {
    const guards = [...this.#before, ...(step === undefined ? [] : this.#stepGuards(step))];
    return [...new Set(guards)].filter((guard) => guard.output);
  }

  /** The output checks of `step` that ask a deployment (`external`): they read the whole answer, so a stream is held until they answer. */
  answerChecks(step: PlanStep | undefined): CompiledGuardrail[] {
    return this.outputGuards(step).filter((guard) => guard.detector.kind === 'external');
  }

  /**
   * Runs `answerChecks` on a whole answer's text, as the upstream wrote it (placeholders not yet
   * restored, so a value the input checks redacted never reaches the check's deployment). Each
   * verdict is recorded (stage output); a flag with action `block`, or a failure with `on_error:
   * block`, throws.
   */
  async checkAnswer(guards: readonly CompiledGuardrail[], text: string): Promise<void> {
    for (const guard of guards) {
      if (guard.detector.kind !== 'external') continue;
      const judged = await this.#askExternal(guard, guard.detector, text, 'output', this.verdicts);
      if (judged === undefined || judged.matches === 0) continue;
      const verdict: GuardrailVerdict = { guardrail: guard.name, detector: 'external', action: guard.action.kind === 'block' ? 'block' : 'warn', stage: 'output', matches: judged.matches };
      if (judged.reason !== undefined) verdict.detail = judged.reason;
      this.verdicts.push(verdict);
      if (guard.action.kind === 'block') throw new GuardrailBlockedError(guard.name, 'external', 'output', guard.action.status, judged.reason);
    }
  }

  /**
   * One external check's verdict on `text`: `{ matches: 1, reason }` when flagged, `{ matches: 0 }`
   * when clean; a failure is recorded and `undefined` under `on_error: allow`, and blocks (recorded,
   * thrown) under `on_error: block`, whatever the action on a flag.
   */
  async #askExternal(guard: CompiledGuardrail, detector: ExternalDetector, text: string, stage: GuardrailStage, verdicts: GuardrailVerdict[]): Promise<{ matches: number; reason?: string } | undefined> {
    const verdict = await runExternalCheck(detector, text, this.#dependencies);
    if (verdict.kind === 'clean') return { matches: 0 };
    if (verdict.kind === 'flagged') return { matches: 1, reason: verdict.categories.length > 0 ? `flagged: ${verdict.categories.join(', ')}` : 'flagged' };
    if (detector.onError === 'allow') {
      verdicts.push({ guardrail: guard.name, detector: detector.type, action: 'allow', stage, matches: 0, detail: verdict.reason });
      return undefined;
    }
    verdicts.push({ guardrail: guard.name, detector: detector.type, action: 'block', stage, matches: 1, detail: verdict.reason });
    throw new GuardrailBlockedError(guard.name, detector.type, stage, guard.action.kind === 'block' ? guard.action.status : 400, verdict.reason);
  }

  /** Routers walked (their checks not already run) and the matched rule's checks. */
  #stepGuards(step: PlanStep): CompiledGuardrail[] {
    const guards: CompiledGuardrail[] = [];
    for (const router of step.routerPath) guards.push(...(this.#config.routers.get(router) ?? []));
    if (step.rule !== undefined) for (const router of step.routerPath) guards.push(...(this.#config.rules.get(ruleKey(router, step.rule)) ?? []));
    return guards;
  }

  async #apply(state: Applied, guards: readonly CompiledGuardrail[], verdicts: GuardrailVerdict[]): Promise<Applied> {
    let { request } = state;
    const redactors = [...state.redactors];
    const { removedTools } = state;
    for (const guard of guards) {
      if (!guard.input) continue;
      const { detector, action } = guard;
      const record = (matches: number, detail?: string): void => {
        const verdict: GuardrailVerdict = { guardrail: guard.name, detector: detector.type, action: action.kind === 'route' ? 'route_to' : action.kind, stage: 'input', matches };
        if (detail !== undefined) verdict.detail = detail;
        verdicts.push(verdict);
      };
      let matches = 0;
      let reason: string | undefined;
      if (detector.kind === 'spans') {
        if (action.kind === 'redact') {
          const redacted = redactChatRequest(request, [detector], this.redactions);
          if (redacted.matches > 0) {
            request = redacted.request;
            redactors.push(detector);
            if (action.restore) this.#restore = true;
            record(redacted.matches);
          }
          continue;
        }
        for (const text of requestTexts(request, detector.type === 'injection')) matches += detector.find(text).length;
      } else if (detector.kind === 'size') {
        reason = detector.check(request);
        matches = reason === undefined ? 0 : 1;
      } else {
        const judged = await this.#askExternal(guard, detector, requestTexts(request, true).join('\n'), 'input', verdicts);
        if (judged === undefined) continue;
        ({ matches, reason } = judged);
      }
      if (matches === 0) continue;
      if (action.kind === 'block') {
        record(matches, reason);
        throw new GuardrailBlockedError(guard.name, detector.type, 'input', action.status, detector.kind === 'spans' ? undefined : reason);
      }
      if (action.kind === 'route') {
        this.route ??= action.target;
        record(matches, action.target);
        continue;
      }
      record(matches, reason);
    }
    return { request, redactors, removedTools };
  }
}
