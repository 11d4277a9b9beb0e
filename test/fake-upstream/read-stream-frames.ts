/**
 * Test helper: reads an SSE or NDJSON body into parsed frames. Only for asserting on the fake
 * upstream's output in tests; product code parses SSE in its own single place.
 */

export interface SseFrame {
  event: string | undefined;
  data: string;
}

export function parseSseFrames(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.replaceAll('\r\n', '\n').split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    frames.push({ event, data: data.join('\n') });
  }
  return frames;
}

export function parseSseJson(text: string): unknown[] {
  return parseSseFrames(text)
    .filter((frame) => frame.data !== '[DONE]')
    .map((frame): unknown => JSON.parse(frame.data));
}

export function parseNdjson(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => JSON.parse(line));
}
