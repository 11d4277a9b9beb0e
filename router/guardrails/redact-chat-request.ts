import type { ChatMessage, ChatRequest, TextPart } from '../core/chat-request.ts';
import type { SpanDetector } from './compiled-guardrail.ts';
import type { RedactionMap } from './redaction-map.ts';
import type { TextMatch } from './text-match.ts';

/** Every detector's matches in `text`, merged (the earlier, then longer, match wins an overlap). */
export function findAll(detectors: readonly SpanDetector[], text: string): TextMatch[] {
  if (detectors.length === 1) return detectors[0]!.find(text);
  const matches = detectors.flatMap((detector) => detector.find(text));
  matches.sort((left, right) => left.start - right.start || right.end - left.end);
  const kept: TextMatch[] = [];
  for (const match of matches) {
    const last = kept.at(-1);
    if (last === undefined || match.start >= last.end) kept.push(match);
  }
  return kept;
}

function redactParts<T extends { type: string }>(parts: T[], redact: (text: string) => string): { parts: T[]; count: number } {
  let count = 0;
  const next = parts.map((part) => {
    if (part.type === 'text') {
      const text = (part as unknown as TextPart).text;
      const redacted = redact(text);
      if (redacted === text) return part;
      count++;
      return { ...part, text: redacted };
    }
    if (part.type === 'tool-result') {
      const result = part as unknown as { content: TextPart[] };
      const inner = redactParts(result.content, redact);
      if (inner.count === 0) return part;
      count += inner.count;
      return { ...part, content: inner.parts };
    }
    return part;
  });
  return { parts: next, count };
}

/**
 * The request with every match of `detectors` in its text (system, user, assistant and tool-result
 * text) replaced by the map's placeholders. Pure apart from the map; unchanged messages are shared.
 * Reasoning, tool-call arguments, images and documents are left as they are (signed or binary).
 */
export function redactChatRequest(request: ChatRequest, detectors: readonly SpanDetector[], map: RedactionMap): { request: ChatRequest; matches: number } {
  let matches = 0;
  const redact = (text: string): string => {
    const found = findAll(detectors, text);
    matches += found.length;
    return map.redact(text, found);
  };
  const messages = request.messages.map((message): ChatMessage => {
    const { parts, count } = redactParts(message.content as Array<{ type: string }>, redact);
    return count === 0 ? message : ({ ...message, content: parts } as ChatMessage);
  });
  return { request: matches === 0 ? request : { ...request, messages }, matches };
}
