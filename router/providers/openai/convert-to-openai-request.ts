import type { ChatMessage, ChatRequest, ImagePart, TextPart } from '../../core/chat-request.ts';
import type { OpenAIContentPart, OpenAIMessage } from './openai-wire.ts';

export type OpenAIRequestOptions = {
  /** `max_completion_tokens` (OpenAI's current name) or `max_tokens` (most compatible servers). */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
};

function imageUrl(part: ImagePart): string {
  return part.source.type === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
}

function textOf(parts: ReadonlyArray<{ type: string }>): string {
  return parts
    .filter((part): part is TextPart => part.type === 'text')
    .map((part) => part.text)
    .join('');
}

function convertMessage(message: ChatMessage, warnings: string[]): OpenAIMessage[] {
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: textOf(message.content) }];
    case 'user': {
      const onlyText = message.content.every((part) => part.type === 'text');
      if (onlyText) return [{ role: 'user', content: textOf(message.content) }];
      const content: OpenAIContentPart[] = message.content.flatMap((part): OpenAIContentPart[] =>
        part.type === 'text' ? [{ type: 'text', text: part.text }] : part.type === 'image' ? [{ type: 'image_url', image_url: { url: imageUrl(part) } }] : [],
      );
      return [{ role: 'user', content }];
    }
    case 'assistant': {
      const text = textOf(message.content);
      const toolCalls = message.content.flatMap((part) =>
        part.type === 'tool-call' ? [{ id: part.id, type: 'function' as const, function: { name: part.name, arguments: part.arguments } }] : [],
      );
      const converted: OpenAIMessage = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
      if (toolCalls.length > 0) converted.tool_calls = toolCalls;
      return [converted];
    }
    case 'tool':
      return message.content.map((result) => {
        if (result.content.some((part) => part.type === 'image')) {
          warnings.push('images inside tool results are not supported by OpenAI chat; they were sent as a note');
        }
        const text = result.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join('');
        return { role: 'tool', tool_call_id: result.toolCallId, content: result.isError ? `Error: ${text}` : text };
      });
  }
}

/** Internal request → OpenAI Chat Completions body. Pure: the request is not modified. */
export function convertToOpenAIRequest(
  request: ChatRequest,
  providerModel: string,
  options: OpenAIRequestOptions,
): { value: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const body: Record<string, unknown> = {
    model: providerModel,
    messages: request.messages.flatMap((message) => convertMessage(message, warnings)),
  };
  const { params } = request;
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.topK !== undefined) warnings.push('top_k is not supported by OpenAI and was ignored');
  if (params.maxTokens !== undefined) body[options.maxTokensField] = params.maxTokens;
  if (params.stop !== undefined) body.stop = params.stop;
  if (params.presencePenalty !== undefined) body.presence_penalty = params.presencePenalty;
  if (params.frequencyPenalty !== undefined) body.frequency_penalty = params.frequencyPenalty;
  if (params.seed !== undefined) body.seed = params.seed;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.filter((tool) => tool.type === 'function').map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    }));
    if (params.parallelToolCalls !== undefined) body.parallel_tool_calls = params.parallelToolCalls;
  }
  if (request.toolChoice !== undefined) {
    const choice = request.toolChoice;
    body.tool_choice = choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
  }
  if (request.responseFormat !== undefined) {
    const format = request.responseFormat;
    body.response_format =
      format.type === 'json-schema'
        ? { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict === undefined ? {} : { strict: format.strict }) } }
        : format.type === 'json'
          ? { type: 'json_object' }
          : { type: 'text' };
  }
  if (request.user !== undefined) body.user = request.user;
  if (request.stream) {
    body.stream = true;
    // Always ask for usage: the gateway needs it for cost and audit even when the client did not.
    body.stream_options = { include_usage: true };
  }
  return { value: body, warnings };
}
