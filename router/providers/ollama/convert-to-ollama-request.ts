import type { ChatMessage, ChatRequest, TextPart, UserMessage } from '../../core/chat-request.ts';
import { collectToolCallNames } from '../gemini/collect-tool-call-names.ts';
import { convertToOllamaThink } from './convert-to-ollama-think.ts';
import type { OllamaChatRequest, OllamaMessage, OllamaOptions } from './ollama-wire.ts';

function textOf(parts: ReadonlyArray<{ type: string }>): string {
  return parts
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');
}

/**
 * A user turn's text: its text parts, and text documents (inline text, or base64 of a `text/*`
 * type) as text. Ollama reads no PDFs or files: those become warnings, as do other families' blocks.
 */
function userText(message: UserMessage, warnings: string[]): string {
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'document') {
      const { source } = part;
      if (source.type === 'text') texts.push(source.data);
      else if (source.type === 'base64' && source.mediaType.startsWith('text/')) texts.push(Buffer.from(source.data, 'base64').toString('utf8'));
      else warnings.push(`Ollama reads no ${source.type === 'base64' ? source.mediaType : `document by ${source.type}`}; the document was left out`);
    } else if (part.type === 'provider') warnings.push(`a ${part.family} '${part.kind}' block is not supported by Ollama and was left out`);
  }
  return texts.join(message.content.some((part) => part.type === 'document') ? '\n\n' : '');
}

function parseArguments(text: string, name: string, warnings: string[]): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the warning
  }
  warnings.push(`arguments of the earlier call to tool '${name}' are not a JSON object; Ollama was sent {}`);
  return {};
}

function convertMessage(message: ChatMessage, names: ReadonlyMap<string, string>, warnings: string[]): OllamaMessage[] {
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: textOf(message.content) }];
    case 'user': {
      const converted: OllamaMessage = { role: 'user', content: userText(message, warnings) };
      const images: string[] = [];
      for (const part of message.content) {
        if (part.type !== 'image') continue;
        if (part.source.type === 'base64') images.push(part.source.data);
        else warnings.push('Ollama takes only inline (base64) images; an image given by URL was left out');
      }
      if (images.length > 0) converted.images = images;
      return [converted];
    }
    case 'assistant': {
      const converted: OllamaMessage = { role: 'assistant', content: textOf(message.content) };
      // Ollama's own thinking goes back in `thinking`; another model's reasoning means nothing to it.
      const thinking = message.content.flatMap((part) => (part.type === 'reasoning' && part.family === 'ollama' && part.text !== '' ? [part.text] : [])).join('');
      if (thinking !== '') converted.thinking = thinking;
      if (message.content.some((part) => part.type === 'reasoning' && part.family !== 'ollama')) warnings.push('reasoning from another provider in the history is not sent to Ollama');
      const calls = message.content.flatMap((part) =>
        part.type === 'tool-call' ? [{ function: { name: part.name, arguments: parseArguments(part.arguments, part.name, warnings) } }] : [],
      );
      if (calls.length > 0) converted.tool_calls = calls;
      return [converted];
    }
    case 'tool':
      return message.content.map((result) => {
        if (result.content.some((part) => part.type === 'image')) warnings.push('Ollama takes no images inside tool results; they were sent as [image]');
        const text = result.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join('');
        const converted: OllamaMessage = { role: 'tool', content: result.isError ? `Error: ${text}` : text };
        const name = result.name ?? names.get(result.toolCallId);
        if (name !== undefined) converted.tool_name = name;
        return converted;
      });
  }
}

function convertOptions(request: ChatRequest, warnings: string[]): OllamaOptions | undefined {
  const { params } = request;
  const options: OllamaOptions = {};
  if (params.temperature !== undefined) options.temperature = params.temperature;
  if (params.topP !== undefined) options.top_p = params.topP;
  if (params.topK !== undefined) options.top_k = params.topK;
  if (params.maxTokens !== undefined) options.num_predict = params.maxTokens;
  if (params.stop !== undefined) options.stop = [...params.stop];
  if (params.seed !== undefined) options.seed = params.seed;
  if (params.presencePenalty !== undefined) options.presence_penalty = params.presencePenalty;
  if (params.frequencyPenalty !== undefined) options.frequency_penalty = params.frequencyPenalty;
  if (params.parallelToolCalls !== undefined) warnings.push('parallel_tool_calls is not supported by Ollama and was ignored');
  return Object.keys(options).length > 0 ? options : undefined;
}

/** Internal request → Ollama `/api/chat` body. Pure: the request is not modified. */
export function convertToOllamaRequest(request: ChatRequest, providerModel: string): { value: OllamaChatRequest; warnings: string[] } {
  const warnings: string[] = [];
  const names = collectToolCallNames(request.messages);
  const body: OllamaChatRequest = {
    model: providerModel,
    messages: request.messages.flatMap((message) => convertMessage(message, names, warnings)),
    stream: request.stream,
  };
  const options = convertOptions(request, warnings);
  if (options !== undefined) body.options = options;
  const think = convertToOllamaThink(request.reasoning, providerModel, warnings);
  if (think !== undefined) body.think = think;
  const choice = request.toolChoice;
  for (const tool of request.tools ?? []) {
    if (tool.type === 'provider') warnings.push(`the ${tool.family} tool '${tool.name ?? tool.kind}' is not supported by Ollama and was left out`);
  }
  if (request.tools !== undefined && request.tools.length > 0 && choice?.type !== 'none') {
    body.tools = request.tools.filter((tool) => tool.type === 'function').map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.parameters },
    }));
    if (choice?.type === 'required' || choice?.type === 'tool') warnings.push(`tool_choice '${choice.type === 'tool' ? choice.name : 'required'}' is not supported by Ollama; the model may answer without calling a tool`);
  }
  const format = request.responseFormat;
  if (format?.type === 'json') body.format = 'json';
  else if (format?.type === 'json-schema') body.format = format.schema;
  if (request.user !== undefined) warnings.push('user is not supported by Ollama and was ignored');
  return { value: body, warnings };
}
