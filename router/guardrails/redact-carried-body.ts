import type { CarriedBodyEdit } from '../providers/provider-adapter.ts';
import type { SpanDetector } from './compiled-guardrail.ts';
import type { RedactionMap } from './redaction-map.ts';
import { findAll } from './redact-chat-request.ts';

/** Keys whose string values are conversation text, in every client format (Chat, Messages, Responses). */
const TEXT_KEYS = new Set(['content', 'text', 'system', 'instructions', 'input', 'output']);
/** Blocks whose text is signed or opaque: changing it breaks the provider's check. */
const OPAQUE_TYPES = new Set(['thinking', 'redacted_thinking', 'reasoning', 'image', 'image_url', 'input_image', 'document', 'input_file', 'file']);
/** Not conversation: definitions and settings keep their text. */
const SKIPPED_KEYS = new Set(['tools', 'tool_choice', 'response_format', 'text_format', 'metadata', 'model']);

function redactValue(value: unknown, redact: (text: string) => string, textKey: boolean): unknown {
  if (typeof value === 'string') return textKey ? redact(value) : value;
  if (Array.isArray(value)) {
    let changed = false;
    const next = value.map((item) => {
      const redacted = redactValue(item, redact, textKey);
      if (redacted !== item) changed = true;
      return redacted;
    });
    return changed ? next : value;
  }
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if (typeof object.type === 'string' && OPAQUE_TYPES.has(object.type)) return value;
    let changed: Record<string, unknown> | undefined;
    for (const [key, inner] of Object.entries(object)) {
      if (SKIPPED_KEYS.has(key)) continue;
      const redacted = redactValue(inner, redact, TEXT_KEYS.has(key));
      if (redacted !== inner) (changed ??= { ...object })[key] = redacted;
    }
    return changed ?? value;
  }
  return value;
}

/**
 * The same redaction as redactChatRequest, on a carried (same-format) body: every string under a
 * conversation-text key (`content`, `text`, `system`, `instructions`, `input`, `output`) outside
 * tool definitions and signed or binary blocks, with the same map, so both paths send the same
 * placeholders. Pure: returns a new body sharing what did not change.
 */
export function redactCarriedBody(detectors: readonly SpanDetector[], map: RedactionMap): CarriedBodyEdit {
  return (body) => {
    const redacted = redactValue(body, (text) => map.redact(text, findAll(detectors, text)), false) as Record<string, unknown>;
    return { value: redacted, warnings: [] };
  };
}
