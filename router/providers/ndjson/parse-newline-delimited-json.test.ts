import { describe, expect, it } from 'vitest';
import { parseNewlineDelimitedJson } from './parse-newline-delimited-json.ts';

async function collect(chunks: Array<Uint8Array | string>): Promise<string[]> {
  const lines: string[] = [];
  async function* body() {
    yield* chunks;
  }
  for await (const message of parseNewlineDelimitedJson(body())) lines.push(message.data);
  return lines;
}

describe('parseNewlineDelimitedJson', () => {
  it('splits lines across chunk boundaries and skips blank lines', async () => {
    expect(await collect(['{"a":', '1}\n\n{"b"', ':2}\r\n', '{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('decodes multi-byte characters split between byte chunks', async () => {
    const bytes = new TextEncoder().encode('{"t":"é"}\n');
    expect(await collect([bytes.slice(0, 7), bytes.slice(7)])).toEqual(['{"t":"é"}']);
  });
});
