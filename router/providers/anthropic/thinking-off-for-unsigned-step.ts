type Block = { type?: unknown; id?: unknown };
type Message = { role?: unknown; content?: unknown };

const ANTHROPIC_TOOL_USE_PREFIX = 'toolu_';

function blocks(message: unknown): Block[] {
  const content = (message as Message | null)?.content;
  return Array.isArray(content) ? (content as Block[]) : [];
}

/**
 * Anthropic refuses a tool loop's continuation with thinking on unless the assistant turn that
 * made the pending tool calls starts with a thinking block it signed. When that step came from
 * another provider (failover or routing mid-loop), its reasoning cannot be replayed, so thinking
 * is turned off for this one call (with a warning) rather than have the call refused; the next
 * step Anthropic answers itself carries its own signed thinking again. `foreignStepsOnly` (an
 * Anthropic client's carried body, whose own steps Anthropic judges) acts only on a step whose tool
 * calls Anthropic did not make (ids not `toolu_…`); a translated body's history has lost any
 * signature the client could not keep (a Chat client), so there every such step counts.
 * Pure: a copy when it edits.
 */
export function thinkingOffForUnsignedStep<T extends Record<string, unknown>>(body: T, warnings: string[], foreignStepsOnly: boolean): T {
  if (!continuesUnsignedStep(body, foreignStepsOnly)) return body;
  warnings.push(THINKING_OFF_WARNING);
  const { thinking: _omitted, ...rest } = body;
  return rest as T;
}

const THINKING_OFF_WARNING = "thinking was turned off for this call: the tool calls it continues came from another provider, whose reasoning Anthropic cannot verify (Anthropic requires that step to start with its own signed thinking)";

function continuesUnsignedStep(body: Record<string, unknown>, foreignStepsOnly: boolean): boolean {
  const thinking = body.thinking as { type?: unknown } | undefined;
  if (thinking === undefined || thinking === null || thinking.type === 'disabled') return false;
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const last = messages.at(-1);
  if (last?.role !== 'user' || !blocks(last).some((block) => block.type === 'tool_result')) return false;
  const step = messages.findLast((message) => message.role === 'assistant');
  const stepBlocks = blocks(step);
  const calls = stepBlocks.filter((block) => block.type === 'tool_use');
  if (calls.length === 0) return false;
  if (foreignStepsOnly && calls.every((call) => typeof call.id === 'string' && call.id.startsWith(ANTHROPIC_TOOL_USE_PREFIX))) return false;
  const first = stepBlocks[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
