import type { StreamEvent } from '../core/stream-event.ts';

/**
 * Whether a stream event carries content the client must not see twice: text, a tool call, a
 * reasoning part, a refusal, a provider part, or the end of a complete answer. `response-start`,
 * empty block starts, an empty text delta (OpenAI's role chunk) and usage are preamble: a stream
 * that fails before its first content can still fail over.
 */
export function isContentEvent(event: StreamEvent): boolean {
  switch (event.type) {
    case 'text-delta':
    case 'reasoning-delta':
    case 'refusal-delta':
      return event.delta !== '';
    case 'tool-call-start':
    case 'tool-call-delta':
    case 'reasoning-signature':
    case 'provider-part':
    case 'text-citation':
    case 'response-end':
      return true;
    case 'response-start':
    case 'text-start':
    case 'text-end':
    case 'tool-call-end':
    case 'reasoning-start':
    case 'reasoning-end':
    case 'usage':
      return false;
  }
}
