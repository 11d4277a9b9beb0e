/**
 * Ollama native /api/chat wire: one JSON body, or an NDJSON stream of `{ model, created_at,
 * message, done: false }` lines ending in a `done: true` line with done_reason and eval counts.
 * Tool calls carry arguments as an object and arrive whole; a scripted reasoning is a thinking model's
 * `message.thinking`. Errors are `{ error: "..." }`.
 */
import type { FakeAnswer } from './fake-answer.ts';
import type { FakeWire, JsonObject } from './fake-wire.ts';
import { readFakePrompt } from './read-fake-prompt.ts';

function createdAt(answer: FakeAnswer): string {
  return new Date(answer.created * 1000).toISOString();
}

function toolCallsOf(answer: FakeAnswer): JsonObject[] | undefined {
  if (answer.toolCall === undefined) return undefined;
  return [{ function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments } }];
}

function doneFields(answer: FakeAnswer): JsonObject {
  return {
    done: true,
    done_reason: 'stop',
    total_duration: 1_000_000,
    load_duration: 100_000,
    prompt_eval_count: answer.usage.inputTokens,
    prompt_eval_duration: 200_000,
    eval_count: answer.usage.outputTokens,
    eval_duration: 700_000,
  };
}

export function buildOllamaChatResponse(answer: FakeAnswer): JsonObject {
  const message: JsonObject = { role: 'assistant', content: answer.text };
  if (answer.reasoning !== undefined) message.thinking = answer.reasoning.text;
  const toolCalls = toolCallsOf(answer);
  if (toolCalls !== undefined) message.tool_calls = toolCalls;
  return { model: answer.model, created_at: createdAt(answer), message, ...doneFields(answer) };
}

export function buildOllamaChatLines(answer: FakeAnswer): string[] {
  const head = { model: answer.model, created_at: createdAt(answer) };
  // A thinking model streams its thinking first, in `message.thinking`.
  const lines = (answer.reasoning?.textPieces ?? []).map((thinking) => `${JSON.stringify({ ...head, message: { role: 'assistant', content: '', thinking }, done: false })}\n`);
  lines.push(...answer.textPieces.map((content) => `${JSON.stringify({ ...head, message: { role: 'assistant', content }, done: false })}\n`));
  const toolCalls = toolCallsOf(answer);
  if (toolCalls !== undefined) {
    lines.push(`${JSON.stringify({ ...head, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false })}\n`);
  }
  lines.push(`${JSON.stringify({ ...head, message: { role: 'assistant', content: '' }, ...doneFields(answer) })}\n`);
  return lines;
}

export function buildOllamaError(_status: number, message: string): JsonObject {
  return { error: message };
}

export const ollamaWire: FakeWire = {
  name: 'ollama',
  streamContentType: 'application/x-ndjson',
  validateRequest(body) {
    if (typeof body.model !== 'string' || body.model === '') return 'model is required';
    return undefined;
  },
  readPrompt: (body) => readFakePrompt(body.messages, 'content'),
  buildResponse: buildOllamaChatResponse,
  buildStreamFrames: buildOllamaChatLines,
  buildError: buildOllamaError,
  malformedBody: '{"model":"broken","message":{"role":"assistant","content":',
  malformedStreamFrames: [
    `${JSON.stringify({ model: 'broken', created_at: '1970-01-01T00:00:00.000Z', message: { role: 'assistant', content: 'ok' }, done: false })}\n`,
    '{"model":"broken","message":{"role":"assist\n',
  ],
};
