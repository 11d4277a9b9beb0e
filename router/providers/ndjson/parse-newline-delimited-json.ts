/**
 * The one place NDJSON bytes (one JSON document per line, Ollama's native stream) are split.
 * Body chunks in, one `{ data }` per non-empty line out, mirroring the SSE parser's messages so
 * adapters parse the JSON themselves (and can call a bad line a protocol error).
 */
export async function* parseNewlineDelimitedJson(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<{ data: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== '') yield { data: line };
      newline = buffer.indexOf('\n');
    }
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest !== '') yield { data: rest };
}
