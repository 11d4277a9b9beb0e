import { geminiModelId } from './convert-to-gemini-thinking.ts';
import type { GeminiContent } from './gemini-wire.ts';

/** Gemini's documented stand-in for a function call it did not sign (history from another model or client). */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const VALIDATING_MODEL = /^gemini-(\d+)/;

/** Gemini 3 and later refuse a function call of the current turn that lacks its thought signature. */
function validatesSignatures(providerModel: string): boolean {
  const major = VALIDATING_MODEL.exec(geminiModelId(providerModel))?.[1];
  return major !== undefined && Number(major) >= 3;
}

/**
 * For a Gemini 3+ model: a model turn whose first function call carries no thought signature (the
 * call came from another provider, or from a client whose format keeps no signature, like Chat
 * Completions) gets Gemini's documented stand-in on that call, so the request is not refused;
 * one warning says how many. Real signatures are never replaced. Returns new contents; pure.
 */
export function signUnsignedFunctionCalls(contents: readonly GeminiContent[], providerModel: string, warnings: string[]): GeminiContent[] {
  if (!validatesSignatures(providerModel)) return [...contents];
  let signed = 0;
  const result = contents.map((content) => {
    if (content.role !== 'model') return content;
    const first = content.parts.findIndex((part) => part.functionCall !== undefined);
    if (first < 0 || content.parts[first]!.thoughtSignature !== undefined) return content;
    signed++;
    return { ...content, parts: content.parts.map((part, index) => (index === first ? { ...part, thoughtSignature: SKIP_THOUGHT_SIGNATURE } : part)) };
  });
  if (signed > 0) {
    warnings.push(`${signed} function call${signed === 1 ? '' : 's'} in the history had no Gemini thought signature (another model's, or a client format that cannot keep it); sent with Gemini's '${SKIP_THOUGHT_SIGNATURE}'`);
  }
  return result;
}
