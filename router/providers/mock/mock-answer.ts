import type { ChatRequest } from '../../core/chat-request.ts';

/** The mock's deterministic answer: which model answered and what it was asked. */
export function mockAnswer(request: ChatRequest, providerModel: string): string {
  let lastUserText = '';
  for (const message of request.messages) {
    if (message.role !== 'user') continue;
    lastUserText = message.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join(' ');
  }
  const excerpt = lastUserText.length > 200 ? `${lastUserText.slice(0, 200)}…` : lastUserText;
  return `[${providerModel}] mock answer to: ${excerpt}`;
}

/** Rough token count for mock usage: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
