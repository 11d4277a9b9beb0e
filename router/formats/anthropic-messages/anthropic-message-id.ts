const SHARED_PREFIX = 'chatcmpl-';

/**
 * The handler gives every codec one response id (`chatcmpl-<request id>`, stable across failover);
 * Anthropic clients expect `msg_…`, so the same id is shown with Anthropic's prefix.
 */
export function anthropicMessageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${id.startsWith(SHARED_PREFIX) ? id.slice(SHARED_PREFIX.length) : id}`;
}
