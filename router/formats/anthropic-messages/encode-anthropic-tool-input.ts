/**
 * Tool-call arguments (JSON text) → Anthropic's `input` object. Arguments that are not a JSON
 * object (an upstream that produced broken JSON) are kept, as text, under `_raw_arguments`, so the
 * client still sees them rather than an empty input.
 */
export function encodeAnthropicToolInput(argumentsJson: string): Record<string, unknown> {
  if (argumentsJson.trim() === '') return {};
  try {
    const input: unknown = JSON.parse(argumentsJson);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  } catch {
    // Falls through.
  }
  return { _raw_arguments: argumentsJson };
}
