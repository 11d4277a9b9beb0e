import type { ChatMessage, ChatRequest, ToolResultPart } from '../core/chat-request.ts';
import { estimateInputTokens } from '../signals/estimate-input-tokens.ts';
import type { CompressPolicy } from './compiled-guardrail.ts';

export type Compression = {
  request: ChatRequest;
  /** Whether the result is within the target (the limit × target ratio), by the gateway's estimate. */
  fits: boolean;
  tokens: number;
  cutToolResults: number;
  /** The messages dropped, oldest first (for a summary). */
  dropped: ChatMessage[];
};

/** The note that stands where messages were dropped (or their summary, when one was made). */
export function droppedNote(count: number, summary?: string): string {
  return summary === undefined
    ? `[switchyard: ${count} earlier message${count === 1 ? ' was' : 's were'} removed to fit the context window]`
    : `[switchyard: summary of ${count} earlier message${count === 1 ? '' : 's'} removed to fit the context window]\n${summary}`;
}

function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, Math.floor((max - 60) / 2));
  return `${text.slice(0, keep)}\n[… ${text.length - 2 * keep} characters cut by switchyard …]\n${text.slice(text.length - keep)}`;
}

/** Tool results over the policy's length keep their head and tail. */
function cutToolResults(messages: readonly ChatMessage[], max: number): { messages: ChatMessage[]; cut: number } {
  let cut = 0;
  const next = messages.map((message): ChatMessage => {
    if (message.role !== 'tool') return message;
    let changed = false;
    const content = message.content.map((part): ToolResultPart => {
      const inner = part.content.map((piece) => {
        if (piece.type !== 'text' || piece.text.length <= max) return piece;
        changed = true;
        cut++;
        return { ...piece, text: cutText(piece.text, max) };
      });
      return inner.some((piece, index) => piece !== part.content[index]) ? { ...part, content: inner } : part;
    });
    return changed ? { ...message, content } : message;
  });
  return { messages: next, cut };
}

/**
 * Groups of non-system messages that are dropped together: an assistant turn with tool calls and
 * the tool results after it form one group, so a call never loses its result (or a result its call).
 */
function groupsOf(messages: readonly ChatMessage[]): number[][] {
  const groups: number[][] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role === 'system') continue;
    const last = groups.at(-1);
    const previous = last === undefined ? undefined : messages[last.at(-1)!];
    const joinsCall = message.role === 'tool' && previous !== undefined && (previous.role === 'tool' || (previous.role === 'assistant' && previous.content.some((part) => part.type === 'tool-call')));
    if (joinsCall) last!.push(index);
    else groups.push([index]);
  }
  return groups;
}

/** `messages` without the dropped indices, a note where they were: prefixed to the next user turn, else a user turn of its own. */
export function withNote(messages: readonly ChatMessage[], dropped: ReadonlySet<number>, note: string): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let noted = dropped.size === 0;
  for (const [index, message] of messages.entries()) {
    if (dropped.has(index)) continue;
    if (!noted && message.role !== 'system') {
      noted = true;
      if (message.role === 'user') {
        kept.push({ ...message, content: [{ type: 'text', text: note }, ...message.content] });
        continue;
      }
      kept.push({ role: 'user', content: [{ type: 'text', text: note }] });
    }
    kept.push(message);
  }
  return kept;
}

/**
 * Makes a request fit `limit` input tokens (times the policy's target ratio), by the gateway's
 * estimate: system messages are always kept; long tool results are cut to head and tail; then the
 * oldest turns are dropped (a tool call with its results as one), never the last
 * `keepLastMessages` messages, and a note stands in for them. Pure: returns a new request.
 */
export function compressContext(request: ChatRequest, limit: number, policy: CompressPolicy): Compression {
  const target = Math.floor(limit * policy.targetRatio);
  const cut = cutToolResults(request.messages, policy.toolResultMaxChars);
  let current: ChatRequest = cut.cut === 0 ? request : { ...request, messages: cut.messages };
  let tokens = estimateInputTokens(current);
  if (tokens <= target) return { request: current, fits: true, tokens, cutToolResults: cut.cut, dropped: [] };
  const messages = current.messages;
  const protectedFrom = messages.length - policy.keepLastMessages;
  const droppable = groupsOf(messages).filter((group) => group.every((index) => index < protectedFrom));
  const dropped = new Set<number>();
  for (const group of droppable) {
    for (const index of group) dropped.add(index);
    current = { ...request, messages: withNote(messages, dropped, droppedNote(dropped.size)) };
    tokens = estimateInputTokens(current);
    if (tokens <= target) break;
  }
  return { request: current, fits: tokens <= target, tokens, cutToolResults: cut.cut, dropped: [...dropped].sort((left, right) => left - right).map((index) => messages[index]!) };
}
