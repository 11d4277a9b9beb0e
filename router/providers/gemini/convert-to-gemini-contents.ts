import type { AssistantMessage, ChatMessage, DocumentPart, ImagePart, ToolMessage, UserMessage } from '../../core/chat-request.ts';
import { collectToolCallNames } from './collect-tool-call-names.ts';
import type { GeminiContent, GeminiPart } from './gemini-wire.ts';

const IMAGE_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/\.jpe?g$/i, 'image/jpeg'],
  [/\.png$/i, 'image/png'],
  [/\.webp$/i, 'image/webp'],
  [/\.gif$/i, 'image/gif'],
  [/\.heic$/i, 'image/heic'],
  [/\.heif$/i, 'image/heif'],
];

function convertImage(part: ImagePart, warnings: string[]): GeminiPart {
  if (part.source.type === 'base64') return { inlineData: { mimeType: part.source.mediaType, data: part.source.data } };
  const fileUri = part.source.url;
  const pathname = fileUri.split(/[?#]/)[0] ?? fileUri;
  const mimeType = IMAGE_TYPES.find(([pattern]) => pattern.test(pathname))?.[1];
  if (mimeType === undefined) warnings.push('an image URL has no recognisable image extension; it was sent to Gemini as fileData without a mimeType');
  return { fileData: { fileUri, ...(mimeType === undefined ? {} : { mimeType }) } };
}

/**
 * A document: inline data (PDF and text media types are Gemini inputs), a text document as text,
 * a URL as fileData (PDF when the path says so). A provider's file id means nothing to Gemini: a
 * warning.
 */
function convertDocument(part: DocumentPart, warnings: string[]): GeminiPart[] {
  const { source } = part;
  switch (source.type) {
    case 'base64':
      return [{ inlineData: { mimeType: source.mediaType, data: source.data } }];
    case 'text':
      return [{ text: part.title === undefined ? source.data : `${part.title}\n\n${source.data}` }];
    case 'url': {
      const pathname = source.url.split(/[?#]/)[0] ?? source.url;
      return [{ fileData: { fileUri: source.url, ...(pathname.toLowerCase().endsWith('.pdf') ? { mimeType: 'application/pdf' } : {}) } }];
    }
    case 'file':
      warnings.push(`document file '${source.fileId}' belongs to another provider's file store; Gemini cannot read it and it was left out`);
      return [];
  }
}

function parseArguments(text: string, name: string, warnings: string[]): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the warning
  }
  warnings.push(`arguments of the earlier call to tool '${name}' are not a JSON object; Gemini was sent {}`);
  return {};
}

function convertUser(message: UserMessage, warnings: string[]): GeminiPart[] {
  return message.content.flatMap((part): GeminiPart[] => {
    switch (part.type) {
      case 'text':
        return [{ text: part.text }];
      case 'image':
        return [convertImage(part, warnings)];
      case 'document':
        return convertDocument(part, warnings);
      case 'provider':
        warnings.push(`a ${part.family} '${part.kind}' block is not supported by Gemini and was left out`);
        return [];
    }
  });
}

/**
 * An assistant turn → model parts. A Gemini signature-only reasoning part (a function call's
 * `thoughtSignature`, kept by convert-from-gemini-response.ts) goes back on the function call that
 * follows it, as Gemini 3 requires; Gemini's thought summaries are not replayed (Gemini does not
 * need them); another family's reasoning cannot be verified by Gemini and is left out with a
 * warning, as are other providers' blocks.
 */
function convertAssistant(message: AssistantMessage, warnings: string[]): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let signature: string | undefined;
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        parts.push({ text: part.text });
        break;
      case 'tool-call':
        parts.push({ functionCall: { name: part.name, args: parseArguments(part.arguments, part.name, warnings) }, ...(signature === undefined ? {} : { thoughtSignature: signature }) });
        signature = undefined;
        break;
      case 'reasoning':
        if (part.family === 'gemini') {
          if (part.text === '' && part.signature !== undefined) signature = part.signature;
        } else if (part.signature !== undefined || part.encrypted !== undefined || part.redacted !== undefined) {
          warnings.push(`reasoning from ${part.family ?? 'another model'} cannot be verified by Gemini and was left out of the history`);
        }
        break;
      case 'refusal':
        parts.push({ text: part.text });
        break;
      case 'provider':
        warnings.push(`a ${part.family} '${part.kind}' block is not supported by Gemini and was left out`);
        break;
    }
  }
  return parts;
}

function convertToolResults(message: ToolMessage, names: ReadonlyMap<string, string>, warnings: string[]): GeminiPart[] {
  return message.content.map((result) => {
    let name = result.name ?? names.get(result.toolCallId);
    if (name === undefined) {
      warnings.push(`tool result '${result.toolCallId}' matches no earlier tool call, and Gemini needs the tool name; the id was sent as the name`);
      name = result.toolCallId;
    }
    if (result.content.some((part) => part.type === 'image')) warnings.push('Gemini takes no images inside tool results here; they were sent as [image]');
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join('');
    // Google's convention: the function's output under `output`, a failure under `error`.
    return { functionResponse: { name, response: result.isError ? { error: text } : { output: text } } };
  });
}

/**
 * Internal messages → Gemini `systemInstruction` + `contents` (roles user/model; tool results are
 * user turns of functionResponse parts). Pure: the messages are not modified.
 */
export function convertToGeminiContents(messages: readonly ChatMessage[], warnings: string[]): { system: string[]; contents: GeminiContent[] } {
  const names = collectToolCallNames(messages);
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  messages.forEach((message, position) => {
    if (message.role === 'system') {
      if (contents.length > 0) warnings.push(`Gemini has one system instruction; the system message at position ${position} was moved into it`);
      system.push(message.content.map((part) => part.text).join(''));
      return;
    }
    const parts =
      message.role === 'user' ? convertUser(message, warnings) : message.role === 'assistant' ? convertAssistant(message, warnings) : convertToolResults(message, names, warnings);
    if (parts.length > 0) contents.push({ role: message.role === 'assistant' ? 'model' : 'user', parts });
  });
  return { system, contents };
}
