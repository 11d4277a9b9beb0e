import type { AssistantMessage, ChatMessage, DocumentPart, ImagePart, ProviderPart, TextPart, UserMessage } from '../../core/chat-request.ts';
import type { OpenAIContentPart, OpenAIMessage } from './openai-wire.ts';

/** Text parts of one message become one string joined by a blank line, never run together. */
const TEXT_SEPARATOR = '\n\n';

function imageUrl(part: ImagePart): string {
  return part.source.type === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
}

function joinText(parts: ReadonlyArray<{ type: string }>): string {
  return parts
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join(TEXT_SEPARATOR);
}

function isOpenAIPart(part: ProviderPart): boolean {
  return part.family === 'openai';
}

function convertDocument(part: DocumentPart, warnings: string[]): OpenAIContentPart[] {
  const named = part.filename ?? part.title;
  const filename = named === undefined ? {} : { filename: named };
  switch (part.source.type) {
    case 'base64':
      return [{ type: 'file', file: { file_data: `data:${part.source.mediaType};base64,${part.source.data}`, ...filename } }];
    case 'file':
      return [{ type: 'file', file: { file_id: part.source.fileId } }];
    case 'text':
      return [{ type: 'text', text: part.source.data }];
    case 'url':
      warnings.push('a document by URL is not supported by OpenAI chat and was left out');
      return [];
  }
}

function convertUserPart(part: UserMessage['content'][number], warnings: string[]): OpenAIContentPart[] {
  switch (part.type) {
    case 'text':
      return [{ type: 'text', text: part.text }];
    case 'image':
      return [{ type: 'image_url', image_url: { url: imageUrl(part) } }];
    case 'document':
      return convertDocument(part, warnings);
    case 'provider':
      if (isOpenAIPart(part)) return [part.value as OpenAIContentPart];
      warnings.push(`a ${part.family} '${part.kind}' block is not supported by OpenAI chat and was left out`);
      return [];
  }
}

function convertAssistant(message: AssistantMessage, warnings: string[], notes: Set<string>): OpenAIMessage[] {
  const text = joinText(message.content);
  const toolCalls: Array<Record<string, unknown>> = [];
  const refusals: string[] = [];
  for (const part of message.content) {
    if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    else if (part.type === 'refusal') refusals.push(part.text);
    else if (part.type === 'reasoning') notes.add('reasoning in the conversation history is not sent to OpenAI chat (it has no field for it)');
    else if (part.type === 'provider') {
      if (isOpenAIPart(part) && part.kind.endsWith('_tool_call')) toolCalls.push(part.value);
      else warnings.push(`a ${part.family} '${part.kind}' block is not supported by OpenAI chat and was left out`);
    }
  }
  const converted: Record<string, unknown> = { role: 'assistant', content: text === '' && (toolCalls.length > 0 || refusals.length > 0) ? null : text };
  if (refusals.length > 0) converted.refusal = refusals.join(TEXT_SEPARATOR);
  if (toolCalls.length > 0) converted.tool_calls = toolCalls;
  return [converted as OpenAIMessage];
}

function convertMessage(message: ChatMessage, warnings: string[], notes: Set<string>): OpenAIMessage[] {
  switch (message.role) {
    case 'system':
      return [{ role: message.developer === true ? 'developer' : 'system', content: joinText(message.content) }];
    case 'user': {
      const roleMessages = message.content.filter((part): part is ProviderPart => part.type === 'provider' && isOpenAIPart(part) && part.kind.startsWith('message:'));
      if (roleMessages.length > 0) return roleMessages.map((part) => part.value as OpenAIMessage);
      if (message.content.every((part) => part.type === 'text')) return [{ role: 'user', content: joinText(message.content) }];
      return [{ role: 'user', content: message.content.flatMap((part) => convertUserPart(part, warnings)) }];
    }
    case 'assistant':
      return convertAssistant(message, warnings, notes);
    case 'tool':
      return message.content.map((result) => {
        if (result.content.some((part) => part.type === 'image')) {
          warnings.push('images inside tool results are not supported by OpenAI chat; they were sent as a note');
        }
        const text = result.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join(TEXT_SEPARATOR);
        return { role: 'tool', tool_call_id: result.toolCallId, content: result.isError ? `Error: ${text}` : text };
      });
  }
}

/**
 * Internal messages → Chat Completions messages. `developer` stays `developer`; refusals go back
 * as `refusal`; OpenAI's own blocks (input_audio, custom tool calls, unknown roles) as they came;
 * other families' blocks and history reasoning become warnings.
 */
export function convertToOpenAIMessages(messages: readonly ChatMessage[]): { value: OpenAIMessage[]; warnings: string[] } {
  const warnings: string[] = [];
  const notes = new Set<string>();
  const value = messages.flatMap((message) => convertMessage(message, warnings, notes));
  return { value, warnings: [...warnings, ...notes] };
}
