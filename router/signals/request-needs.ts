import type { Capabilities } from '../config/deployment.ts';
import type { ChatRequest } from '../core/chat-request.ts';

export type Capability = keyof Capabilities;

/** Whether any message (or tool result) carries an image. */
export function hasImages(request: ChatRequest): boolean {
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'image') return true;
      if (part.type === 'tool-result' && part.content.some((inner) => inner.type === 'image')) return true;
    }
  }
  return false;
}

/** The capabilities a request needs of whatever serves it: tools, vision, json (any structured output), streaming. */
export function computeRequestNeeds(request: ChatRequest): readonly Capability[] {
  const needs: Capability[] = [];
  if (request.tools !== undefined && request.tools.length > 0) needs.push('tools');
  if (hasImages(request)) needs.push('vision');
  if (request.responseFormat !== undefined && request.responseFormat.type !== 'text') needs.push('json');
  if (request.stream) needs.push('streaming');
  return needs;
}
