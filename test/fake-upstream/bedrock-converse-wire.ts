/**
 * Amazon Bedrock Converse wire for the shared fake upstream (`POST /model/{id}/converse` and
 * `/converse-stream`), so the Bedrock adapter runs the same conformance behaviours as every other
 * adapter: answers in Converse's shape, the stream as AWS event-stream frames encoded with the SDK's
 * own codec (carried as latin1 strings, one byte per character, so cutting and truncating frames
 * works as for SSE), errors with Bedrock's exception name in `__type`. Signatures are checked by
 * the fake upstream when it is given Bedrock credentials (verify-sigv4.ts).
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { FakeAnswer } from './fake-answer.ts';
import { idSuffix, type FakeWire, type JsonObject } from './fake-wire.ts';
import { readFakePrompt } from './read-fake-prompt.ts';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

function eventFrame(eventType: string, payload: unknown): string {
  const bytes = codec.encode({
    headers: { ':message-type': { type: 'string', value: 'event' }, ':content-type': { type: 'string', value: 'application/json' }, ':event-type': { type: 'string', value: eventType } },
    body: new Uint8Array(Buffer.from(JSON.stringify(payload), 'utf8')),
  });
  return Buffer.from(bytes).toString('latin1');
}

const exceptionNames: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

function usageOf(answer: FakeAnswer): JsonObject {
  const { inputTokens, outputTokens } = answer.usage;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function toolUseId(answer: FakeAnswer): string {
  return `tooluse_fake_${idSuffix(answer.sequence)}`;
}

function buildConverseResponse(answer: FakeAnswer): JsonObject {
  const content: JsonObject[] = [];
  if (answer.reasoning !== undefined) content.push({ reasoningContent: { reasoningText: { text: answer.reasoning.text, ...(answer.reasoning.signature === undefined ? {} : { signature: answer.reasoning.signature }) } } });
  if (answer.text !== '') content.push({ text: answer.text });
  if (answer.toolCall !== undefined) content.push({ toolUse: { toolUseId: toolUseId(answer), name: answer.toolCall.name, input: answer.toolCall.arguments } });
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: answer.toolCall === undefined ? 'end_turn' : 'tool_use',
    usage: usageOf(answer),
    metrics: { latencyMs: 12 },
  };
}

function buildConverseStreamFrames(answer: FakeAnswer): string[] {
  const frames = [eventFrame('messageStart', { role: 'assistant' })];
  let index = 0;
  if (answer.reasoning !== undefined) {
    for (const piece of answer.reasoning.textPieces) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text: piece } } }));
    if (answer.reasoning.signature !== undefined) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature: answer.reasoning.signature } } }));
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex: index }));
    index += 1;
  }
  if (answer.textPieces.length > 0) {
    for (const piece of answer.textPieces) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }));
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex: index }));
    index += 1;
  }
  if (answer.toolCall !== undefined) {
    frames.push(eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: toolUseId(answer), name: answer.toolCall.name } } }));
    for (const piece of answer.toolCall.argumentsPieces) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: piece } } }));
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex: index }));
  }
  frames.push(eventFrame('messageStop', { stopReason: answer.toolCall === undefined ? 'end_turn' : 'tool_use' }));
  frames.push(eventFrame('metadata', { usage: usageOf(answer), metrics: { latencyMs: 12 } }));
  return frames;
}

/** A valid frame whose last byte (the message CRC) is wrong: the SDK's decoder must refuse it. */
function corruptFrame(): string {
  const frame = eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'broken' } });
  const last = frame.charCodeAt(frame.length - 1);
  return frame.slice(0, -1) + String.fromCharCode(last ^ 0xff);
}

export const bedrockConverseWire: FakeWire = {
  name: 'bedrock-converse',
  streamContentType: 'application/vnd.amazon.eventstream',
  streamEncoding: 'latin1',
  validateRequest(body) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) return '1 validation error detected: Value at \'messages\' failed to satisfy constraint: Member must not be null';
    return undefined;
  },
  readPrompt: (body) => readFakePrompt(body.messages, 'content', body.system),
  buildResponse: buildConverseResponse,
  buildStreamFrames: buildConverseStreamFrames,
  buildError: (status, message) => ({ __type: exceptionNames[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException'), message }),
  malformedBody: '{"output":{"message":{"role":"assistant","content":[{"text":',
  malformedStreamFrames: [eventFrame('messageStart', { role: 'assistant' }), corruptFrame()],
};
