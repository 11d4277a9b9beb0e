/** Anthropic clients expect `msg_…`: the gateway's request id (stable across failover) with that prefix. */
export function anthropicMessageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id}`;
}
