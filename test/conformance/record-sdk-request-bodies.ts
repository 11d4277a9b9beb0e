/**
 * Records the request bodies the official SDKs send, as fidelity fixtures:
 * `node --import tsx test/conformance/record-sdk-request-bodies.ts`. Each SDK call goes to a local
 * capture server (127.0.0.1, random port) that keeps the body and the protocol headers, then
 * answers an error so no call needs a real upstream. Re-run it when a new SDK version ships.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { openAIChatCases } from './sdk-cases/openai-chat-sdk-cases.ts';
import { anthropicMessagesCases } from './sdk-cases/anthropic-messages-sdk-cases.ts';

type Captured = { headers: IncomingHttpHeaders; body: unknown };

/** Headers worth keeping in a fixture: never credentials, never the transport's own. */
const DROPPED_HEADERS = new Set(['authorization', 'x-api-key', 'host', 'content-length', 'connection', 'accept-encoding', 'cookie']);

async function startCaptureServer() {
  const captured: Captured[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      captured.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"recorded","type":"invalid_request_error"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, captured, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function keptHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!DROPPED_HEADERS.has(name) && typeof value === 'string') kept[name] = value;
  return kept;
}

async function record(directory: URL, source: string, cases: ReadonlyArray<{ name: string; description: string; call: () => Promise<unknown> }>, captured: Captured[]) {
  await mkdir(directory, { recursive: true });
  for (const testCase of cases) {
    const before = captured.length;
    await testCase.call().catch(() => undefined);
    const request = captured[before];
    if (request === undefined) throw new Error(`${testCase.name}: the SDK sent nothing`);
    const fixture = { description: testCase.description, source, headers: keptHeaders(request.headers), body: request.body };
    await writeFile(new URL(`${testCase.name}.json`, directory), `${JSON.stringify(fixture, null, 2)}\n`);
  }
}

const capture = await startCaptureServer();
try {
  const openai = new OpenAI({ baseURL: `${capture.url}/v1`, apiKey: 'recorder-key', maxRetries: 0 });
  await record(new URL('./__fixtures__/openai-chat/', import.meta.url), 'openai (node) 6.49.0', openAIChatCases(openai), capture.captured);
  const anthropic = new Anthropic({ baseURL: capture.url, apiKey: 'recorder-key', maxRetries: 0 });
  await record(new URL('./__fixtures__/anthropic-messages/', import.meta.url), '@anthropic-ai/sdk 1.12.0', anthropicMessagesCases(anthropic), capture.captured);
} finally {
  await capture.close();
}
