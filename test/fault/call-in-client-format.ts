/**
 * Test helper: one chat call to the gateway in one of the three client formats, with the official
 * SDK of that format, streamed or not, folded into one comparable outcome.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

export type ClientFormat = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

export const clientFormats: readonly ClientFormat[] = ['openai-chat', 'anthropic-messages', 'openai-responses'];

export type CallOutcome = {
  /** HTTP status; for a call the SDK refused, the error's status (0 when none). */
  status: number;
  /** `x-switchyard-model`, `x-switchyard-attempts` and the rest of the routed headers. */
  headers: Record<string, string>;
  text: string;
  /** The error the client saw: an error event after the stream began, or the error response. */
  error: { status: number; message: string; body: unknown } | undefined;
};

export type GatewayClients = { openai: OpenAI; anthropic: Anthropic };

export function createGatewayClients(url: string): GatewayClients {
  return {
    openai: new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 10_000 }),
    anthropic: new Anthropic({ baseURL: url, apiKey: 'unused', maxRetries: 0, timeout: 10_000 }),
  };
}

function routedHeadersOf(headers: Headers): Record<string, string> {
  const routed: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('x-switchyard-')) routed[name] = value;
  });
  return routed;
}

function errorOf(error: unknown): CallOutcome['error'] {
  if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) {
    return { status: error.status ?? 0, message: error.message, body: error.error };
  }
  return { status: 0, message: (error as Error).message, body: undefined };
}

async function callOpenAIChat(openai: OpenAI, model: string, prompt: string, stream: boolean): Promise<CallOutcome> {
  const messages = [{ role: 'user' as const, content: prompt }];
  if (!stream) {
    const { data, response } = await openai.chat.completions.create({ model, messages }).withResponse();
    return { status: response.status, headers: routedHeadersOf(response.headers), text: data.choices[0]?.message.content ?? '', error: undefined };
  }
  const { data, response } = await openai.chat.completions.create({ model, messages, stream: true }).withResponse();
  const outcome: CallOutcome = { status: response.status, headers: routedHeadersOf(response.headers), text: '', error: undefined };
  try {
    for await (const chunk of data) outcome.text += chunk.choices[0]?.delta.content ?? '';
  } catch (error) {
    outcome.error = errorOf(error);
  }
  return outcome;
}

async function callAnthropicMessages(anthropic: Anthropic, model: string, prompt: string, stream: boolean): Promise<CallOutcome> {
  const request = { model, max_tokens: 64, messages: [{ role: 'user' as const, content: prompt }] };
  if (!stream) {
    const { data, response } = await anthropic.messages.create(request).withResponse();
    const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return { status: response.status, headers: routedHeadersOf(response.headers), text, error: undefined };
  }
  const { data, response } = await anthropic.messages.create({ ...request, stream: true }).withResponse();
  const outcome: CallOutcome = { status: response.status, headers: routedHeadersOf(response.headers), text: '', error: undefined };
  try {
    for await (const event of data) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') outcome.text += event.delta.text;
    }
  } catch (error) {
    outcome.error = errorOf(error);
  }
  return outcome;
}

async function callOpenAIResponses(openai: OpenAI, model: string, prompt: string, stream: boolean): Promise<CallOutcome> {
  if (!stream) {
    const { data, response } = await openai.responses.create({ model, input: prompt }).withResponse();
    return { status: response.status, headers: routedHeadersOf(response.headers), text: data.output_text, error: undefined };
  }
  const { data, response } = await openai.responses.create({ model, input: prompt, stream: true }).withResponse();
  const outcome: CallOutcome = { status: response.status, headers: routedHeadersOf(response.headers), text: '', error: undefined };
  try {
    for await (const event of data) {
      if (event.type === 'response.output_text.delta') outcome.text += event.delta;
      if (event.type === 'response.failed') outcome.error = { status: response.status, message: event.response.error?.message ?? 'response.failed', body: event.response.error };
    }
  } catch (error) {
    outcome.error = errorOf(error);
  }
  return outcome;
}

/** One call; an error answer (4xx/5xx before any stream) comes back as an outcome, not a throw. */
export async function callInClientFormat(clients: GatewayClients, format: ClientFormat, model: string, prompt: string, stream: boolean): Promise<CallOutcome> {
  try {
    if (format === 'openai-chat') return await callOpenAIChat(clients.openai, model, prompt, stream);
    if (format === 'anthropic-messages') return await callAnthropicMessages(clients.anthropic, model, prompt, stream);
    return await callOpenAIResponses(clients.openai, model, prompt, stream);
  } catch (error) {
    const headers = error instanceof OpenAI.APIError || error instanceof Anthropic.APIError ? routedHeadersOf(new Headers(error.headers as ConstructorParameters<typeof Headers>[0])) : {};
    const seen = errorOf(error);
    return { status: seen?.status ?? 0, headers, text: '', error: seen };
  }
}
