import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { createSigV4Verifier } from './verify-sigv4.ts';

/** What one fake Bedrock region answers: a Converse body, stream events, or an AWS error. */
export type FakeBedrockBehavior =
  | { kind: 'ok'; content: Array<Record<string, unknown>>; stopReason?: string; usage?: Record<string, number>; events?: Array<Record<string, unknown>> }
  | { kind: 'error'; status: number; type: string; message: string };

export type FakeBedrockRequest = { path: string; modelId: string; stream: boolean; body: Record<string, unknown>; headers: IncomingHttpHeaders; signatureValid: boolean; region: string | undefined };

export type FakeBedrock = {
  url: string;
  requests: FakeBedrockRequest[];
  setBehavior(behavior: FakeBedrockBehavior): void;
  reset(): void;
  close(): Promise<void>;
};

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

function frame(eventType: string, payload: unknown, messageType: 'event' | 'exception' = 'event'): Uint8Array {
  const headers: Record<string, { type: 'string'; value: string }> = {
    ':message-type': { type: 'string', value: messageType },
    ':content-type': { type: 'string', value: 'application/json' },
  };
  headers[messageType === 'event' ? ':event-type' : ':exception-type'] = { type: 'string', value: eventType };
  return codec.encode({ headers, body: new Uint8Array(Buffer.from(JSON.stringify(payload), 'utf8')) });
}

/** The events a Converse answer streams as: block by block, text in two pieces, tool input in two. */
function eventsFor(behavior: Extract<FakeBedrockBehavior, { kind: 'ok' }>): Array<Record<string, unknown>> {
  if (behavior.events !== undefined) return behavior.events;
  const events: Array<Record<string, unknown>> = [{ messageStart: { role: 'assistant' } }];
  behavior.content.forEach((block, index) => {
    const text = block.text as string | undefined;
    const toolUse = block.toolUse as { toolUseId: string; name: string; input: unknown } | undefined;
    const reasoning = (block.reasoningContent as { reasoningText?: { text: string; signature?: string } } | undefined)?.reasoningText;
    if (text !== undefined) {
      const half = Math.ceil(text.length / 2);
      for (const piece of [text.slice(0, half), text.slice(half)]) events.push({ contentBlockDelta: { contentBlockIndex: index, delta: { text: piece } } });
    } else if (toolUse !== undefined) {
      events.push({ contentBlockStart: { contentBlockIndex: index, start: { toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name } } } });
      const input = JSON.stringify(toolUse.input);
      const half = Math.ceil(input.length / 2);
      for (const piece of [input.slice(0, half), input.slice(half)]) events.push({ contentBlockDelta: { contentBlockIndex: index, delta: { toolUse: { input: piece } } } });
    } else if (reasoning !== undefined) {
      events.push({ contentBlockDelta: { contentBlockIndex: index, delta: { reasoningContent: { text: reasoning.text } } } });
      if (reasoning.signature !== undefined) events.push({ contentBlockDelta: { contentBlockIndex: index, delta: { reasoningContent: { signature: reasoning.signature } } } });
    }
    events.push({ contentBlockStop: { contentBlockIndex: index } });
  });
  events.push({ messageStop: { stopReason: behavior.stopReason ?? 'end_turn' } });
  events.push({ metadata: { usage: behavior.usage ?? { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, metrics: { latencyMs: 12 } } });
  return events;
}

/**
 * A fake Amazon Bedrock runtime for one region: `POST /model/{id}/converse` and `/converse-stream`
 * (the binary event stream, encoded with the AWS SDK's own codec). Every request's SigV4 signature is
 * recomputed with the AWS SDK's signer from the credentials the test says are right: a wrong key,
 * region or a tampered body is refused 403 as Bedrock would.
 */
export async function startFakeBedrock(options: { region: string; accessKeyId: string; secretAccessKey: string }): Promise<FakeBedrock> {
  const requests: FakeBedrockRequest[] = [];
  let behavior: FakeBedrockBehavior = { kind: 'ok', content: [{ text: 'Hello from Bedrock.' }] };
  const verify = createSigV4Verifier(options);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const match = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/.exec(request.url ?? '');
    if (match === null) {
      response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' }).end('{"message":"no such operation"}');
      return;
    }
    const { valid, region } = await verify(request, text);
    const stream = match[2] === 'converse-stream';
    requests.push({ path: request.url ?? '', modelId: decodeURIComponent(match[1]!), stream, body: JSON.parse(text) as Record<string, unknown>, headers: request.headers, signatureValid: valid, region });
    if (!valid) {
      response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException' }).end('{"message":"The request signature we calculated does not match the signature you provided."}');
      return;
    }
    if (behavior.kind === 'error') {
      response.writeHead(behavior.status, { 'content-type': 'application/json', 'x-amzn-errortype': behavior.type }).end(JSON.stringify({ message: behavior.message }));
      return;
    }
    if (match[2] === 'invoke') {
      // Embeddings through InvokeModel: Titan (one inputText) or Cohere Embed (texts), vectors made from the text.
      const sent = JSON.parse(text) as { inputText?: string; texts?: string[]; dimensions?: number };
      const vectorFor = (input: string) => Array.from({ length: sent.dimensions ?? 4 }, (_, index) => (input.length + index) / 100);
      const answer = sent.texts !== undefined ? { id: 'emb-1', embeddings: sent.texts.map(vectorFor), texts: sent.texts } : { embedding: vectorFor(sent.inputText ?? ''), inputTextTokenCount: Math.ceil((sent.inputText ?? '').length / 4) };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    if (!stream) {
      const body = { output: { message: { role: 'assistant', content: behavior.content } }, stopReason: behavior.stopReason ?? 'end_turn', usage: behavior.usage ?? { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, metrics: { latencyMs: 12 } };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    for (const event of eventsFor(behavior)) {
      const [eventType, payload] = Object.entries(event)[0]!;
      const exception = eventType.endsWith('Exception');
      response.write(frame(eventType, payload, exception ? 'exception' : 'event'));
    }
    response.end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setBehavior(next) {
      behavior = next;
    },
    reset() {
      requests.length = 0;
      behavior = { kind: 'ok', content: [{ text: 'Hello from Bedrock.' }] };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
