import type { Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { safeExcerpt } from '../http/redact-secrets.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import type { OpenAIUsage } from './openai-wire.ts';

/** What the passthrough reads of a chunk; everything else is forwarded without a look. */
type ChunkView = {
  choices?: Array<{ delta?: Record<string, unknown> | null; finish_reason?: string | null }>;
  usage?: OpenAIUsage | null;
  error?: { message?: unknown; type?: unknown; code?: unknown } | string;
};

function parseChunk(data: string): ChunkView {
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream chunk is not JSON', cause: error });
  }
  if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk)) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream chunk is not a JSON object' });
  }
  return chunk as ChunkView;
}

function streamError(error: NonNullable<ChunkView['error']>): UpstreamError {
  const message = typeof error === 'string' ? error : [error.type, error.code, error.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
  return new UpstreamError({ kind: 'stream-cut', reason: message === '' ? 'upstream sent an error event mid-stream' : `upstream stream error: ${safeExcerpt(message)}` });
}

/** Delta fields that are output (text, refusal, tool calls, reasoning of compatible servers, audio). */
const CONTENT_FIELDS = ['content', 'refusal', 'tool_calls', 'function_call', 'reasoning_content', 'reasoning', 'audio'];

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

/** A chunk with output in it, or the end of a choice: the stream commits to its target there. */
function hasContent(chunk: ChunkView): boolean {
  return (chunk.choices ?? []).some(
    (choice) => isPresent(choice.finish_reason) || (choice.delta != null && CONTENT_FIELDS.some((field) => isPresent(choice.delta![field]))),
  );
}

/**
 * OpenAI chunks → SSE frames for an OpenAI client, each chunk's data forwarded as it came. Every
 * chunk is parsed (never searched as text) for usage, finish and upstream error events; a chunk
 * that is not a JSON object is a protocol error. Frames before the first content (the role chunk)
 * are held and sent with it, so a stream failing before any output throws from its first `next()`
 * and can fail over. The usage chunk the gateway asked for is dropped when the client did not.
 * A stream without `[DONE]` or a finish reason was cut: that throws, like the translating path.
 */
export async function* passThroughOpenAIStream(
  messages: AsyncIterable<{ data: string }>,
  options: { includeUsage: boolean; onUsage: (usage: Usage) => void },
): AsyncGenerator<string> {
  let finished = false;
  let held = '';
  let committed = false;
  for await (const { data } of messages) {
    if (data === '[DONE]') {
      yield `${held}data: [DONE]\n\n`;
      return;
    }
    const chunk = parseChunk(data);
    if (chunk.error !== undefined && chunk.error !== null) throw streamError(chunk.error);
    if ((chunk.choices ?? []).some((choice) => isPresent(choice.finish_reason))) finished = true;
    const usage = convertOpenAIUsage(chunk.usage);
    if (usage !== undefined) {
      options.onUsage(usage);
      if (!options.includeUsage && (chunk.choices ?? []).length === 0) continue;
    }
    const frame = `data: ${data}\n\n`;
    if (!committed && !hasContent(chunk)) {
      held += frame;
      continue;
    }
    committed = true;
    yield held + frame;
    held = '';
  }
  if (!finished) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
  yield `${held}data: [DONE]\n\n`;
}
