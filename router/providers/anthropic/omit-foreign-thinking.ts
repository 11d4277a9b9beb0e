import { isGatewayReasoningSignature } from '../../formats/anthropic-messages/anthropic-reasoning-signature.ts';

type Block = { type?: unknown; signature?: unknown };
type Message = { role?: unknown; content?: unknown };

function isForeignThinking(block: unknown): boolean {
  return typeof block === 'object' && block !== null && (block as Block).type === 'thinking' && isGatewayReasoningSignature((block as Block).signature);
}

/**
 * A carried Anthropic body's `messages` without the thinking blocks the gateway signed for another
 * family (Gemini's function-call signatures, OpenAI's encrypted reasoning, shown to an Anthropic
 * client as `switchyard.v1.…` signatures): Anthropic cannot verify them and would refuse the
 * request. The same array when there are none (the common case: nothing is copied); an assistant
 * message left empty is left out. Pure.
 */
export function omitForeignThinking(messages: unknown, warnings: string[]): unknown {
  if (!Array.isArray(messages)) return messages;
  const hasForeign = (message: unknown) => Array.isArray((message as Message | null)?.content) && ((message as Message).content as unknown[]).some(isForeignThinking);
  if (!messages.some(hasForeign)) return messages;
  let omitted = 0;
  const kept: unknown[] = [];
  for (const message of messages) {
    if (!hasForeign(message)) {
      kept.push(message);
      continue;
    }
    const content = ((message as Message).content as unknown[]).filter((block) => !isForeignThinking(block));
    omitted += ((message as Message).content as unknown[]).length - content.length;
    if (content.length > 0) kept.push({ ...(message as Message), content });
  }
  warnings.push(`${omitted} thinking block${omitted === 1 ? '' : 's'} from another provider (gateway-signed) cannot be verified by Anthropic and ${omitted === 1 ? 'was' : 'were'} left out of the history`);
  return kept;
}
