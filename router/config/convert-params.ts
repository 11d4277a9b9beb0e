import type { ChatParams } from '../core/chat-request.ts';
import type { RawParams } from './config-schema.ts';

/** Config params (snake_case, as clients write them) → internal params. */
export function convertParams(raw: RawParams | undefined): Partial<ChatParams> {
  if (raw === undefined) return {};
  const params: Partial<ChatParams> = {};
  if (raw.temperature !== undefined) params.temperature = raw.temperature;
  if (raw.top_p !== undefined) params.topP = raw.top_p;
  if (raw.max_tokens !== undefined) params.maxTokens = raw.max_tokens;
  if (raw.stop !== undefined) params.stop = typeof raw.stop === 'string' ? [raw.stop] : raw.stop;
  if (raw.presence_penalty !== undefined) params.presencePenalty = raw.presence_penalty;
  if (raw.frequency_penalty !== undefined) params.frequencyPenalty = raw.frequency_penalty;
  if (raw.seed !== undefined) params.seed = raw.seed;
  return params;
}
