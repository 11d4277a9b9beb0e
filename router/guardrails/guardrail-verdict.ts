/**
 * A guardrail that fired on one request, for the audit row, the metric and the warning header:
 * which check, its detector, what it did, on which side, and how many matches. Never the matched
 * text.
 */
export type GuardrailStage = 'input' | 'output';

export type GuardrailVerdict = {
  guardrail: string;
  detector: string;
  action: 'block' | 'redact' | 'warn' | 'route_to' | 'allow';
  stage: GuardrailStage;
  matches: number;
  /** An external check that failed (down, slow) and what `on_error` made of it; a route's target. */
  detail?: string;
};

export function verdictWarning(verdict: GuardrailVerdict): string {
  const what =
    verdict.action === 'redact'
      ? `redacted ${verdict.matches} match${verdict.matches === 1 ? '' : 'es'}`
      : verdict.action === 'route_to'
        ? `routed to ${verdict.detail ?? '?'}`
        : verdict.action === 'allow'
          ? `allowed (${verdict.detail ?? 'check failed'})`
          : `flagged ${verdict.matches} match${verdict.matches === 1 ? '' : 'es'}`;
  return `guardrail '${verdict.guardrail}' (${verdict.detector}, ${verdict.stage}) ${what}`;
}
