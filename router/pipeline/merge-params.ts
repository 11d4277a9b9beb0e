import type { ChatParams } from '../core/chat-request.ts';

/** Defaults (logical model, deployment) < the request's own params < overrides of the targets. */
export function mergeParams(defaults: Partial<ChatParams>, own: ChatParams, overrides: Partial<ChatParams>): ChatParams {
  const merged: ChatParams = { ...defaults };
  assignDefined(merged, own);
  assignDefined(merged, overrides);
  return merged;
}

/** `source`'s defined members onto `target`; a for-in, not Object.entries: that made arrays on every attempt. */
function assignDefined(target: Partial<ChatParams>, source: Partial<ChatParams>): void {
  const from = source as Record<string, unknown>;
  const to = target as Record<string, unknown>;
  for (const key in from) {
    const value = from[key];
    if (value !== undefined && Object.hasOwn(from, key)) to[key] = value;
  }
}
