import type { FakeAnswer } from './fake-answer.ts';
import type { JsonObject } from './fake-wire.ts';

/**
 * OpenAI's moderation answer (POST /v1/moderations). Scripted through the answer text: a behaviour
 * `{ kind: 'ok', text: 'flagged:violence,hate' }` flags those categories; anything else is clean.
 * Latency, status, drop and stall behaviours apply as on every route.
 */
export function buildOpenAIModeration(answer: FakeAnswer): JsonObject {
  const flagged = answer.text.startsWith('flagged');
  const named = flagged ? answer.text.slice('flagged:'.length).split(',').filter((category) => category !== '') : [];
  const categories: Record<string, boolean> = { harassment: false, hate: false, 'self-harm': false, sexual: false, violence: false };
  for (const category of named) categories[category] = true;
  const scores = Object.fromEntries(Object.entries(categories).map(([category, value]) => [category, value ? 0.98 : 0.01]));
  return { id: `modr-${answer.sequence}`, model: answer.model, results: [{ flagged, categories, category_scores: scores }] };
}
