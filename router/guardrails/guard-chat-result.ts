import type { ChatResult } from '../core/chat-result.ts';
import type { OutputScanner } from './output-scanner.ts';

/** A non-streamed answer through the output scanner: text, refusal and tool-call arguments restored and checked; reasoning as it came (it may be signed). Throws on `block`. */
export function guardChatResult(result: ChatResult, scanner: OutputScanner): ChatResult {
  const content = result.content.map((part) => {
    if (part.type === 'text' || part.type === 'refusal') return { ...part, text: scanner.scanWhole(part.text) };
    if (part.type === 'tool-call') return { ...part, arguments: scanner.scanWhole(part.arguments) };
    return part;
  });
  return { ...result, content };
}

/** What the external output checks read of a non-streamed answer: its text, refusals and tool-call arguments, one part a line. */
export function answerText(result: ChatResult): string {
  return result.content
    .map((part) => (part.type === 'text' || part.type === 'refusal' ? part.text : part.type === 'tool-call' ? part.arguments : undefined))
    .filter((text) => text !== undefined)
    .join('\n');
}
