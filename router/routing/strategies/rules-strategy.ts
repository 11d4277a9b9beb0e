import type { RawRouter } from '../../config/config-schema.ts';
import { compileCondition, type CompiledCondition } from '../../rules/compile-condition.ts';
import { ConditionSyntaxError } from '../../rules/condition-syntax-error.ts';
import type { StructuredCondition } from '../../rules/parse-structured-condition.ts';
import { KNOWN_SIGNALS } from '../../rules/signal-values.ts';
import { localClockFor } from '../../signals/local-clock-for.ts';
import { requestSignalsOf, type RequestSignals } from '../../signals/request-signals.ts';
import type { PolicyCompileContext } from '../policy-compile-context.ts';
import { PolicyCompileError } from '../policy-compile-error.ts';
import type { RoutingChoice, RoutingContext, RoutingPolicy, TargetRef } from '../routing-types.ts';

type RulesRouter = Extract<RawRouter, { strategy: 'rules' }>;

type CompiledRule = { name: string; condition: CompiledCondition; choice: RoutingChoice };

/** A rule's name: its `name`, else its place in the list, `rules[2]`. */
export function ruleName(rule: { name?: string | undefined }, index: number): string {
  return rule.name ?? `rules[${index}]`;
}

/** Compiles one rule's `if`, turning a syntax error into a PolicyCompileError at that rule's line. */
export function compileRuleCondition(source: string | unknown, index: number): CompiledCondition {
  try {
    return compileCondition(source as string | StructuredCondition, KNOWN_SIGNALS);
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError)) throw error;
    const where = error.at !== undefined ? ` in ${error.at}` : error.line > 1 ? ` at line ${error.line}, column ${error.column} of the condition` : ` at column ${error.column} of the condition`;
    throw new PolicyCompileError(`invalid condition: ${error.reason}${where}`, ['rules', index, 'if'], error.line);
  }
}

/**
 * Ordered rules, first match wins, else `default`. Conditions are compiled here, once; per request
 * only the signals the rules reached so far read are computed (the scorer runs only if a rule
 * that needs `complexity` is reached).
 */
export function compileRulesPolicy(router: RulesRouter, context: PolicyCompileContext): RoutingPolicy {
  let clock;
  try {
    clock = localClockFor(context.timezone);
  } catch {
    throw new PolicyCompileError(`server.timezone '${context.timezone}' is not a known IANA time zone`, []);
  }
  const rules: CompiledRule[] = router.rules.map((rule, index) => {
    const name = ruleName(rule, index);
    const target: TargetRef = context.toTarget(rule.use);
    return { name, condition: compileRuleCondition(rule.if, index), choice: Object.freeze({ targets: [target], rule: name }) };
  });
  const fallback: TargetRef = context.toTarget(router.default);

  const finish = (signals: RequestSignals, matched: CompiledRule | undefined): RoutingChoice => {
    const choice: RoutingChoice = matched === undefined ? { targets: [fallback] } : { ...matched.choice };
    const detail: Record<string, unknown> = { matched: matched?.name ?? 'default', signals: printable(signals) };
    if (signals.score !== undefined) {
      detail.scorer = signals.score;
      if ('complexity' in signals.score) choice.complexity = signals.score.complexity;
    }
    choice.detail = detail;
    return choice;
  };

  const continueFrom = async (signals: RequestSignals, start: number, pending: Promise<void>): Promise<RoutingChoice> => {
    await pending;
    for (let index = start; index < rules.length; index++) {
      const rule = rules[index]!;
      const waiting = signals.ensure(rule.condition.signals);
      if (waiting !== undefined) await waiting;
      if (rule.condition.evaluate(signals.values)) return finish(signals, rule);
    }
    return finish(signals, undefined);
  };

  const policy: RoutingPolicy & { usesComplexity: boolean } = {
    strategy: 'rules',
    /** Tells the gateway to start the scorer pool (see configNeedsScorer). */
    usesComplexity: rules.some((rule) => rule.condition.signals.has('complexity')),
    choose(routing: RoutingContext) {
      const signals = requestSignalsOf(routing, clock);
      for (let index = 0; index < rules.length; index++) {
        const rule = rules[index]!;
        const waiting = signals.ensure(rule.condition.signals);
        // Stay synchronous until a rule needs the scorer.
        if (waiting !== undefined) return continueFrom(signals, index, waiting);
        if (rule.condition.evaluate(signals.values)) return finish(signals, rule);
      }
      return finish(signals, undefined);
    },
  };
  return policy;
}

/** The scalar signals computed so far (no body, no headers), for the audit's "why". */
function printable(signals: RequestSignals): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(signals.values)) {
    if (name !== 'body' && name !== 'headers') shown[name] = value;
  }
  return shown;
}
