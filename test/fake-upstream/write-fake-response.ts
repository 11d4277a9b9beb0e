/**
 * Carries out a behaviour on one response: answer, fail with a status in the provider's error
 * shape, drop, hang, cut a stream short, send garbage, reset after the head, stall, answer an
 * empty or a truncated body. The OK path does one JSON.stringify and
 * one write when no chunk delay is asked for.
 */
import type { ServerResponse } from 'node:http';
import type { FakeAnswer, FakeAnswerScript } from './fake-answer.ts';
import type { FakeBehavior } from './fake-behavior.ts';
import type { FakeWire, JsonObject } from './fake-wire.ts';

export interface FakeExchange {
  response: ServerResponse;
  wire: FakeWire;
  body: JsonObject;
  stream: boolean;
  requestId: string;
  buildAnswer(script: FakeAnswerScript): FakeAnswer;
  /** The non-streaming OK body (the wire's response, or e.g. a token count). */
  buildOkBody(answer: FakeAnswer): JsonObject;
  /** Called before the server itself destroys the socket, so it is not counted as a disconnect. */
  markServerDestroyed(): void;
}

/** The stream frames' encoding: utf8 for SSE and NDJSON, latin1 for a binary wire (one byte per character). */
function encodingOf(exchange: FakeExchange): BufferEncoding {
  return exchange.wire.streamEncoding ?? 'utf8';
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function isGone(response: ServerResponse): boolean {
  return response.destroyed || response.writableEnded;
}

export function writeJson(response: ServerResponse, status: number, requestId: string, value: unknown, extraHeaders?: Record<string, string>): void {
  const json = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    'x-request-id': requestId,
    ...extraHeaders,
  });
  response.end(json);
}

function writeStreamHead(exchange: FakeExchange, headers?: Record<string, string>): void {
  exchange.response.writeHead(200, {
    'content-type': exchange.wire.streamContentType,
    'cache-control': 'no-cache',
    'x-request-id': exchange.requestId,
    ...headers,
  });
}

async function writeFrames(exchange: FakeExchange, frames: readonly string[], chunkDelayMs: number): Promise<boolean> {
  const { response } = exchange;
  for (let position = 0; position < frames.length; position += 1) {
    if (position > 0) await delay(chunkDelayMs);
    if (isGone(response)) return false;
    response.write(frames[position]!, encodingOf(exchange));
  }
  return true;
}

function destroyAfterFlush(exchange: FakeExchange, data: string, encoding: BufferEncoding = 'utf8'): void {
  exchange.markServerDestroyed();
  exchange.response.write(data, encoding, () => exchange.response.socket?.destroy());
}

async function writeOk(exchange: FakeExchange, frames: string[] | undefined, okBody: JsonObject | undefined, chunkDelayMs: number, headers?: Record<string, string>): Promise<void> {
  const { response } = exchange;
  if (frames === undefined) {
    writeJson(response, 200, exchange.requestId, okBody, headers);
    return;
  }
  writeStreamHead(exchange, headers);
  if (chunkDelayMs <= 0) {
    response.end(frames.join(''), encodingOf(exchange));
    return;
  }
  if (await writeFrames(exchange, frames, chunkDelayMs)) response.end();
}

async function writeCut(exchange: FakeExchange, afterChunks: number, text: string | undefined, chunkDelayMs: number): Promise<void> {
  const answer = exchange.buildAnswer(text === undefined ? {} : { text });
  const { response } = exchange;
  if (!exchange.stream) {
    const json = JSON.stringify(exchange.buildOkBody(answer));
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'x-request-id': exchange.requestId });
    destroyAfterFlush(exchange, json.slice(0, Math.floor(json.length / 2)));
    return;
  }
  const frames = exchange.wire.buildStreamFrames(answer, exchange.body).slice(0, afterChunks);
  writeStreamHead(exchange);
  response.flushHeaders();
  if (chunkDelayMs > 0) {
    if (!(await writeFrames(exchange, frames, chunkDelayMs))) return;
    await delay(chunkDelayMs);
    if (isGone(response)) return;
    destroyAfterFlush(exchange, '');
    return;
  }
  destroyAfterFlush(exchange, frames.join(''), encodingOf(exchange));
}

function writeMalformed(exchange: FakeExchange): void {
  const { response, wire } = exchange;
  if (!exchange.stream) {
    response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': exchange.requestId });
    response.end(wire.malformedBody);
    return;
  }
  writeStreamHead(exchange);
  response.end(wire.malformedStreamFrames.join(''), encodingOf(exchange));
}

function writeResetAfterHeaders(exchange: FakeExchange): void {
  const { response } = exchange;
  if (exchange.stream) {
    writeStreamHead(exchange);
  } else {
    const json = JSON.stringify(exchange.buildOkBody(exchange.buildAnswer({})));
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'x-request-id': exchange.requestId });
  }
  response.flushHeaders();
  exchange.markServerDestroyed();
  // Let the head reach the client first, so the reset comes after it.
  setTimeout(() => response.socket?.destroy(), 5);
}

/** Sends the head (and, streaming, the first frames), then nothing; the exchange ends when the client leaves. */
function writeStall(exchange: FakeExchange, afterChunks: number): void {
  const { response } = exchange;
  if (!exchange.stream) {
    response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': exchange.requestId });
    response.flushHeaders();
    return;
  }
  const frames = exchange.wire.buildStreamFrames(exchange.buildAnswer({}), exchange.body).slice(0, afterChunks);
  writeStreamHead(exchange);
  response.flushHeaders();
  if (frames.length > 0) response.write(frames.join(''), encodingOf(exchange));
}

function writeEmpty(exchange: FakeExchange): void {
  const { response } = exchange;
  if (exchange.stream) {
    writeStreamHead(exchange);
    response.end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': 0, 'x-request-id': exchange.requestId });
  response.end();
}

function writeTruncated(exchange: FakeExchange, afterChunks: number): void {
  const { response } = exchange;
  const answer = exchange.buildAnswer({});
  if (!exchange.stream) {
    const json = JSON.stringify(exchange.buildOkBody(answer));
    const half = json.slice(0, Math.floor(json.length / 2));
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(half), 'x-request-id': exchange.requestId });
    response.end(half);
    return;
  }
  const frames = exchange.wire.buildStreamFrames(answer, exchange.body);
  const kept = frames.slice(0, afterChunks);
  const next = frames[afterChunks];
  if (next !== undefined) kept.push(next.slice(0, Math.floor(next.length / 2)));
  writeStreamHead(exchange);
  response.end(kept.join(''), encodingOf(exchange));
}

const defaultStatusMessages: Readonly<Record<number, string>> = {
  429: 'Rate limit reached (fake upstream)',
  500: 'Internal server error (fake upstream)',
  503: 'Service unavailable (fake upstream)',
  529: 'Overloaded',
};

export async function writeFakeResponse(exchange: FakeExchange, behavior: FakeBehavior): Promise<void> {
  if (behavior.kind === 'hang') return;
  const { response } = exchange;
  if (behavior.latencyMs !== undefined && behavior.latencyMs > 0) {
    await delay(behavior.latencyMs);
    if (isGone(response)) return;
  }
  switch (behavior.kind) {
    case 'ok': {
      const answer = exchange.buildAnswer(behavior);
      const frames = exchange.stream ? exchange.wire.buildStreamFrames(answer, exchange.body) : undefined;
      await writeOk(exchange, frames, frames === undefined ? exchange.buildOkBody(answer) : undefined, behavior.chunkDelayMs ?? 0, behavior.headers);
      return;
    }
    case 'status': {
      const message = behavior.message ?? defaultStatusMessages[behavior.status] ?? `Fake upstream status ${behavior.status}`;
      const headers = { ...behavior.headers, ...(behavior.retryAfter === undefined ? {} : { 'retry-after': behavior.retryAfter }) };
      writeJson(response, behavior.status, exchange.requestId, behavior.body ?? exchange.wire.buildError(behavior.status, message), headers);
      return;
    }
    case 'drop':
      exchange.markServerDestroyed();
      response.socket?.destroy();
      return;
    case 'cut-stream':
      await writeCut(exchange, behavior.afterChunks, behavior.text, behavior.chunkDelayMs ?? 0);
      return;
    case 'malformed':
      writeMalformed(exchange);
      return;
    case 'reset-after-headers':
      writeResetAfterHeaders(exchange);
      return;
    case 'stall':
      writeStall(exchange, behavior.afterChunks);
      return;
    case 'empty':
      writeEmpty(exchange);
      return;
    case 'truncated':
      writeTruncated(exchange, behavior.afterChunks ?? 1);
      return;
  }
}
