import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertConverseUsage, mapConverseStopReason } from './convert-converse-usage.ts';
import { BEDROCK_FAMILY } from './convert-to-converse-request.ts';
import type { ConverseResponse, ConverseStreamEvent, ConverseUsage } from './converse-wire.ts';
import { streamExceptionError } from './bedrock-error.ts';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A Converse answer → the internal result: text, tool calls (input as JSON text), signed reasoning tagged `bedrock`. */
export function convertFromConverseResponse(response: ConverseResponse): ChatResult {
  const content: ChatResult['content'] = [];
  for (const block of response.output?.message?.content ?? []) {
    if (block.text !== undefined) content.push({ type: 'text', text: block.text });
    else if (block.toolUse !== undefined) content.push({ type: 'tool-call', id: block.toolUse.toolUseId ?? '', name: block.toolUse.name ?? '', arguments: JSON.stringify(block.toolUse.input ?? {}) });
    else if (block.reasoningContent?.reasoningText !== undefined) {
      const { text, signature } = block.reasoningContent.reasoningText;
      content.push({ type: 'reasoning', text: text ?? '', family: BEDROCK_FAMILY, ...(signature === undefined ? {} : { signature }) });
    } else if (block.reasoningContent?.redactedContent !== undefined) content.push({ type: 'reasoning', text: '', family: BEDROCK_FAMILY, redacted: base64(block.reasoningContent.redactedContent) });
  }
  return { id: undefined, content, finishReason: mapConverseStopReason(response.stopReason), usage: convertConverseUsage(response.usage), reportedModel: undefined };
}

const EXCEPTIONS = ['internalServerException', 'modelStreamErrorException', 'validationException', 'throttlingException', 'serviceUnavailableException'] as const;

/**
 * ConverseStream events → internal stream events. Text and reasoning blocks open at their first
 * delta (Converse starts only tool-use blocks explicitly); the stop reason (messageStop) and the
 * usage (metadata, after it) end the response once the stream is done. An exception event fails the
 * stream with its status.
 */
export async function* transformConverseStream(events: AsyncIterable<ConverseStreamEvent>): AsyncGenerator<StreamEvent> {
  const open = new Map<number, 'text' | 'tool' | 'reasoning'>();
  let stopReason: string | undefined;
  let usage: ConverseUsage | undefined;
  let started = false;
  const start = function* (): Generator<StreamEvent> {
    if (started) return;
    started = true;
    yield { type: 'response-start', id: undefined, reportedModel: undefined };
  };
  for await (const event of events) {
    for (const name of EXCEPTIONS) {
      const exception = event[name];
      if (exception !== undefined) throw streamExceptionError(name[0]!.toUpperCase() + name.slice(1), exception.message);
    }
    if (event.messageStart !== undefined) yield* start();
    else if (event.contentBlockStart !== undefined) {
      yield* start();
      const index = event.contentBlockStart.contentBlockIndex ?? 0;
      const tool = event.contentBlockStart.start?.toolUse;
      if (tool !== undefined) {
        open.set(index, 'tool');
        yield { type: 'tool-call-start', index, id: tool.toolUseId ?? '', name: tool.name ?? '' };
      }
    } else if (event.contentBlockDelta !== undefined) {
      yield* start();
      const index = event.contentBlockDelta.contentBlockIndex ?? 0;
      const delta = event.contentBlockDelta.delta ?? {};
      if (delta.text !== undefined) {
        if (!open.has(index)) {
          open.set(index, 'text');
          yield { type: 'text-start', index };
        }
        yield { type: 'text-delta', index, delta: delta.text };
      } else if (delta.toolUse !== undefined) {
        if (!open.has(index)) throw new UpstreamError({ kind: 'protocol', reason: 'Bedrock stream: a tool-use delta before its block started' });
        yield { type: 'tool-call-delta', index, argumentsDelta: delta.toolUse.input ?? '' };
      } else if (delta.reasoningContent !== undefined) {
        if (!open.has(index)) {
          open.set(index, 'reasoning');
          yield { type: 'reasoning-start', index, family: BEDROCK_FAMILY };
        }
        const reasoning = delta.reasoningContent;
        if (reasoning.text !== undefined) yield { type: 'reasoning-delta', index, delta: reasoning.text };
        if (reasoning.signature !== undefined) yield { type: 'reasoning-signature', index, signature: reasoning.signature };
        if (reasoning.redactedContent !== undefined) yield { type: 'reasoning-signature', index, redacted: base64(reasoning.redactedContent) };
      }
    } else if (event.contentBlockStop !== undefined) {
      const index = event.contentBlockStop.contentBlockIndex ?? 0;
      const kind = open.get(index);
      open.delete(index);
      if (kind === 'text') yield { type: 'text-end', index };
      else if (kind === 'tool') yield { type: 'tool-call-end', index };
      else if (kind === 'reasoning') yield { type: 'reasoning-end', index };
    } else if (event.messageStop !== undefined) stopReason = event.messageStop.stopReason;
    else if (event.metadata !== undefined) usage = event.metadata.usage;
  }
  if (!started) throw new UpstreamError({ kind: 'protocol', reason: 'Bedrock stream ended without a message' });
  if (stopReason === undefined) throw new UpstreamError({ kind: 'stream-cut', reason: 'Bedrock stream ended before messageStop' });
  const converted = convertConverseUsage(usage);
  if (converted !== undefined) yield { type: 'usage', usage: converted };
  yield { type: 'response-end', finishReason: mapConverseStopReason(stopReason), usage: converted };
}
