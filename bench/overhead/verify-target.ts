import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { requestOf, type BenchPayload, type OverheadTarget } from './overhead-targets.ts';

export type TargetSupport = { streaming: true } | { streaming: false; reason: string };

async function send(dispatcher: Dispatcher, target: OverheadTarget, payload: BenchPayload, stream: boolean, prompt: string): Promise<{ status: number; text: string }> {
  const request = requestOf(target, payload, { stream, prompt });
  if (request === undefined) throw new Error(`${target.label} does not speak ${payload}`);
  const response = await dispatcher.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body });
  return { status: response.statusCode, text: await response.body.text() };
}

/** The assistant text of an OpenAI Chat or Anthropic Messages SSE stream (data frames joined; good enough for a sanity check). */
function streamedText(text: string): string {
  let joined = '';
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice('data: '.length)) as { choices?: Array<{ delta?: { content?: string } }>; delta?: { text?: string } };
    joined += chunk.choices?.[0]?.delta?.content ?? chunk.delta?.text ?? '';
  }
  return joined;
}

/**
 * Proves requests really reach the fake upstream: it answers `echo: <prompt>`, so a fresh nonce in
 * the reply cannot come from anywhere else. Throws when the plain call fails; reports streaming.
 */
export async function verifyTarget(dispatcher: Dispatcher, target: OverheadTarget, payload: BenchPayload = 'chat'): Promise<TargetSupport> {
  const nonce = `nonce-${randomUUID()}`;
  const plain = await send(dispatcher, target, payload, false, nonce);
  if (plain.status !== 200 || !plain.text.includes(`echo: ${nonce}`)) {
    throw new Error(`${target.label} (${payload}): the sanity request did not reach the fake upstream (HTTP ${plain.status}): ${plain.text.slice(0, 300)}\n${target.process?.stderrTail() ?? ''}`);
  }
  const streamNonce = `nonce-${randomUUID()}`;
  const streamed = await send(dispatcher, target, payload, true, streamNonce);
  if (streamed.status !== 200) return { streaming: false, reason: `HTTP ${streamed.status}: ${streamed.text.slice(0, 200)}` };
  try {
    if (!streamedText(streamed.text).includes(streamNonce)) return { streaming: false, reason: 'the stream did not carry the upstream answer' };
  } catch (error) {
    return { streaming: false, reason: `unparseable stream: ${(error as Error).message}` };
  }
  return { streaming: true };
}
