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
