import { GatewayError } from './gateway-error.ts';

/**
 * A guardrail with action `block` fired. The message names the guardrail and its detector (and a
 * size limit's numbers), never the text that matched; the status is the guardrail's (default 400).
 */
export class GuardrailBlockedError extends GatewayError {
  readonly guardrail: string;

  constructor(guardrail: string, detector: string, stage: 'input' | 'output', status: number, reason?: string) {
    const what = stage === 'input' ? 'request' : 'answer';
    super('blocked_by_guardrail', `${what} blocked by guardrail '${guardrail}' (${detector}${reason === undefined ? '' : `: ${reason}`})`, { statusCode: status });
    this.name = 'GuardrailBlockedError';
    this.guardrail = guardrail;
  }
}
