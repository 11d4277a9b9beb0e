import type { ChatResult } from '../../core/chat-result.ts';
import { encodeReasoningSignature } from './anthropic-reasoning-signature.ts';
import { encodeAnthropicToolInput } from './encode-anthropic-tool-input.ts';

/**
 * One part of an answer → the Anthropic content block a client sees. Reasoning becomes a
 * `thinking` block (a `redacted_thinking` one when Anthropic redacted it) whose signature lets the
 * next turn restore it; a refusal is text; a provider part of Anthropic's goes back as it came, one
 * of another family has no Anthropic block and is left out.
 */
export function encodeAnthropicContentBlock(part: ChatResult['content'][number]): Array<Record<string, unknown>> {
  switch (part.type) {
    case 'text': {
      // Anthropic's own citations go back as they came; another family's have no Anthropic form.
      const citations = part.citations?.filter((citation) => citation.family === 'anthropic').map((citation) => citation.value);
      return [{ type: 'text', text: part.text, ...(citations === undefined || citations.length === 0 ? {} : { citations }) }];
    }
    case 'refusal':
      return [{ type: 'text', text: part.text }];
    case 'tool-call':
      return [{ type: 'tool_use', id: part.id, name: part.name, input: encodeAnthropicToolInput(part.arguments) }];
    case 'reasoning':
      if (part.family === 'anthropic' && part.redacted !== undefined) return [{ type: 'redacted_thinking', data: part.redacted }];
      return [{ type: 'thinking', thinking: part.text, signature: encodeReasoningSignature(part) }];
    case 'provider':
      return part.family === 'anthropic' ? [{ ...part.value, type: part.kind }] : [];
  }
}
