import type { ClientFormat } from '../../core/chat-request.ts';

/** Which OpenAI API a deployment is called on: `auto` picks the client's own (Responses for Responses clients, else Chat). */
export type OpenAIApi = 'auto' | 'chat' | 'responses';

export function selectOpenAIApi(api: OpenAIApi | undefined, clientFormat: ClientFormat): 'chat' | 'responses' {
  if (api === 'responses') return 'responses';
  if (api === 'auto') return clientFormat === 'openai-responses' ? 'responses' : 'chat';
  return 'chat';
}

/** The runtime's key for a provider's Responses adapter, next to its Chat adapter under the provider's name. */
export function responsesAdapterKey(providerName: string): string {
  return `${providerName}#responses`;
}
