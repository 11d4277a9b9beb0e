import type { ChatRequest } from '../../core/chat-request.ts';
import type { ModelProfile } from '../../catalog/resolve-model-profile.ts';
import type { HealthView } from '../routing-types.ts';

/** What a request demands of the model that serves it. */
export type RequestNeeds = {
  readonly tools: boolean;
  readonly vision: boolean;
  readonly jsonSchema: boolean;
  readonly maxTokens: number | undefined;
};

export function requestNeeds(request: ChatRequest): RequestNeeds {
  const vision = request.messages.some((message) =>
    message.content.some((part) => part.type === 'image' || (part.type === 'tool-result' && part.content.some((inner) => inner.type === 'image'))),
  );
  return {
    tools: (request.tools?.length ?? 0) > 0,
    vision,
    jsonSchema: request.responseFormat !== undefined && request.responseFormat.type !== 'text',
    maxTokens: request.params.maxTokens,
  };
}

export type Exclusion = { readonly name: string; readonly reason: string };

/**
 * Keeps the candidates that can serve the request: tools, vision and JSON schema when asked for,
 * a context window of at least input + max_tokens (unknown windows pass), and a closed circuit.
 */
export function filterCandidates(
  profiles: readonly ModelProfile[],
  needs: RequestNeeds,
  inputTokens: number,
  health: HealthView,
): { eligible: ModelProfile[]; excluded: Exclusion[] } {
  const eligible: ModelProfile[] = [];
  const excluded: Exclusion[] = [];
  const required = inputTokens + (needs.maxTokens ?? 0);
  for (const profile of profiles) {
    let reason: string | undefined;
    if (needs.tools && !profile.capabilities.tools) reason = 'no tool calling';
    else if (needs.vision && !profile.capabilities.vision) reason = 'no image input';
    else if (needs.jsonSchema && !profile.capabilities.json) reason = 'no JSON schema output';
    else if (profile.context !== undefined && profile.context < required) reason = `context ${profile.context} < ${required} tokens`;
    else if (!health.isAvailable(profile.name)) reason = 'unhealthy (circuit open)';
    if (reason === undefined) eligible.push(profile);
    else excluded.push({ name: profile.name, reason });
  }
  return { eligible, excluded };
}
