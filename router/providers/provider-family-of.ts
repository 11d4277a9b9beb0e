import type { ProviderFamily } from '../core/chat-request.ts';

/** The family whose opaque values and provider options a provider type understands. */
export function providerFamilyOf(type: string): ProviderFamily {
  if (type === 'openai' || type === 'openai-compatible' || type === 'openai-responses') return 'openai';
  // Vertex AI serves the vendors' own wires.
  if (type === 'vertex') return 'gemini';
  if (type === 'vertex-anthropic') return 'anthropic';
  return type;
}
