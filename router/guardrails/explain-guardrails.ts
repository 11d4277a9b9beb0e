import type { ChatRequest } from '../core/chat-request.ts';
import { ruleKey, type CompiledGuardrail, type CompiledGuardrails } from './compiled-guardrail.ts';
import { requestTexts } from './request-texts.ts';

export type GuardrailExplanation = { guardrail: string; detector: string; action: string; matches: number; note?: string };

function actionName(guard: CompiledGuardrail): string {
  const { action } = guard;
  if (action.kind === 'route') return `route_to ${action.target}`;
  if (action.kind === 'block') return `block (${action.status})`;
  if (action.kind === 'redact') return action.restore ? 'redact + restore' : 'redact';
  return 'warn';
}

/**
 * For `switchyard explain`: the input guardrails that would fire on a request naming `router`
 * (global, the router's, the matched rule's), each with its match count. No external check is
 * called: those are listed as "not run by explain". Nothing of the matched text is returned.
 */
export function explainGuardrails(guardrails: CompiledGuardrails, request: ChatRequest, router: string, rule: string | undefined): GuardrailExplanation[] {
  const guards = [...guardrails.global, ...(guardrails.routers.get(router) ?? []), ...(rule === undefined ? [] : (guardrails.rules.get(ruleKey(router, rule)) ?? []))];
  const explained: GuardrailExplanation[] = [];
  for (const guard of new Set(guards)) {
    if (!guard.input) continue;
    const { detector } = guard;
    const entry: GuardrailExplanation = { guardrail: guard.name, detector: detector.type, action: actionName(guard), matches: 0 };
    if (detector.kind === 'spans') {
      for (const text of requestTexts(request, detector.type === 'injection')) entry.matches += detector.find(text).length;
    } else if (detector.kind === 'size') {
      const reason = detector.check(request);
      if (reason !== undefined) {
        entry.matches = 1;
        entry.note = reason;
      }
    } else {
      entry.note = `external ${detector.flavor} check on '${detector.deployment}': not run by explain`;
    }
    if (entry.matches > 0 || entry.note !== undefined) explained.push(entry);
  }
  return explained;
}
