import type { ChatParams } from '../core/chat-request.ts';

/** Defaults (logical model, deployment) < the request's own params < overrides of the targets. */
export function mergeParams(defaults: Partial<ChatParams>, own: ChatParams, overrides: Partial<ChatParams>): ChatParams {
  const merged: ChatParams = { ...defaults };
  for (const [key, value] of Object.entries(own)) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  return merged;
}
