import type { Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import type { OpenAIChatChunk } from './openai-wire.ts';

/**
 * OpenAI chunks → SSE frames for an OpenAI client, without parsing or re-encoding each chunk.
 * Only the chunk that carries usage is parsed (for cost and audit); it is dropped when the client
 * did not ask for usage, since the gateway always asks the provider for it. A stream without
 * `[DONE]` or a finish reason was cut: that throws, exactly like the translating path.
 */
export async function* passThroughOpenAIStream(
  messages: AsyncIterable<{ data: string }>,
  options: { includeUsage: boolean; onUsage: (usage: Usage) => void },
): AsyncGenerator<string> {
  let finished = false;
  for await (const { data } of messages) {
    if (data === '[DONE]') {
      yield 'data: [DONE]\n\n';
      return;
    }
    if (data.startsWith('{"error"')) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream sent an error event mid-stream' });
    if (!finished && data.includes('"finish_reason":"')) finished = true;
    if (data.includes('"usage":{')) {
      let chunk: OpenAIChatChunk;
      try {
        chunk = JSON.parse(data) as OpenAIChatChunk;
      } catch (error) {
        throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream chunk is not JSON', cause: error });
      }
      const usage = convertOpenAIUsage(chunk.usage);
      if (usage !== undefined) options.onUsage(usage);
      if (!options.includeUsage && chunk.choices.length === 0) continue;
    }
    yield `data: ${data}\n\n`;
  }
  if (!finished) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
  yield 'data: [DONE]\n\n';
}
