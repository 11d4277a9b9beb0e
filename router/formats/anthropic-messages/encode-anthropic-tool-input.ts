import { isJsonObject } from '../is-json-object.ts';

/**
 * Tool-call arguments (JSON text) → Anthropic's `input` object. Arguments that are not a JSON
 * object (an upstream that produced broken JSON) are kept, as text, under `_raw_arguments`, so the
 * client still sees them rather than an empty input.
 */
export function encodeAnthropicToolInput(argumentsJson: string): Record<string, unknown> {
  if (argumentsJson.trim() === '') return {};
  try {
    const input: unknown = JSON.parse(argumentsJson);
    if (isJsonObject(input)) return input;
  } catch {
    // Falls through.
  }
  return { _raw_arguments: argumentsJson };
}
