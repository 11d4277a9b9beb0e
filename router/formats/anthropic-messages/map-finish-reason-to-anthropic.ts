import type { FinishReason, UnifiedFinishReason } from '../../core/chat-result.ts';

/** Anthropic's stop reasons and what each means, to pass an Anthropic upstream's raw value through. */
const ANTHROPIC_REASONS: ReadonlyMap<string, UnifiedFinishReason> = new Map([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool-calls'],
  ['refusal', 'content-filter'],
  ['pause_turn', 'other'],
]);

/**
 * Unified finish reason → Anthropic `stop_reason`. An Anthropic raw value passes through when it
 * still means the same (a forced JSON tool's `tool_use` became a `stop`, so it does not).
 */
export function mapFinishReasonToAnthropic(reason: FinishReason): string {
  if (reason.raw !== undefined && ANTHROPIC_REASONS.get(reason.raw) === reason.unified) return reason.raw;
  switch (reason.unified) {
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
