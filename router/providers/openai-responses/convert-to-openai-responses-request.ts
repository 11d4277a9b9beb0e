import type { ChatMessage, ChatRequest, DocumentPart, ImagePart, ProviderToolDefinition, ReasoningConfig, ToolResultPart } from '../../core/chat-request.ts';
import { providerToolSupport } from '../provider-tool-support.ts';
import { webSearchSettings, webSearchWarning } from '../web-search-settings.ts';
import { freeformInput, freeformToolNames } from '../../formats/openai-responses/freeform-tool-calls.ts';

type Item = Record<string, unknown>;

/** Options a Chat Completions client may send that the Responses API does not have. */
const CHAT_ONLY_OPTIONS = new Set(['n', 'logprobs', 'logit_bias', 'prediction', 'modalities', 'audio', 'web_search_options', 'stream_options', 'response_format', 'functions', 'function_call']);

const RESPONSES_EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

function imageUrl(part: ImagePart): string {
  return part.source.type === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
}

function documentPart(part: DocumentPart): Item {
  const named = part.filename === undefined ? {} : { filename: part.filename };
  switch (part.source.type) {
    case 'base64':
      return { type: 'input_file', file_data: `data:${part.source.mediaType};base64,${part.source.data}`, filename: part.filename ?? part.title ?? 'document' };
    case 'url':
      return { type: 'input_file', file_url: part.source.url, ...named };
    case 'file':
      return { type: 'input_file', file_id: part.source.fileId, ...named };
    case 'text':
      return { type: 'input_text', text: part.source.data };
  }
}

/** Another API's hosted web search as the Responses `web_search` tool. */
function convertWebSearch(tool: ProviderToolDefinition, warnings: string[]): Item {
  const settings = webSearchSettings(tool);
  const dropped = [...settings.other, ...(settings.blockedDomains === undefined ? [] : ['blocked_domains']), ...(settings.maxUses === undefined ? [] : ['max_uses'])];
  warnings.push(...webSearchWarning('OpenAI web search', dropped));
  return {
    type: 'web_search',
    ...(settings.allowedDomains === undefined ? {} : { filters: { allowed_domains: settings.allowedDomains } }),
    ...(settings.userLocation === undefined ? {} : { user_location: settings.userLocation }),
  };
}

/** A provider part of the user's turn: a content part (`input_…`) goes in the message, anything else is an item of its own. */
function isContentKind(kind: string): boolean {
  return kind.startsWith('input_');
}

type Context = { freeform: ReadonlySet<string>; callNames: Map<string, string>; warnings: string[] };

function convertToolResult(result: ToolResultPart, context: Context): Item {
  const name = result.name ?? context.callNames.get(result.toolCallId);
  const type = name !== undefined && context.freeform.has(name) ? 'custom_tool_call_output' : 'function_call_output';
  const onlyText = result.content.every((part) => part.type === 'text');
  const prefix = result.isError ? 'Error: ' : '';
  if (onlyText) return { type, call_id: result.toolCallId, output: prefix + result.content.map((part) => (part.type === 'text' ? part.text : '')).join('') };
  const output = result.content.map((part) => (part.type === 'text' ? { type: 'input_text', text: part.text } : { type: 'input_image', image_url: imageUrl(part) }));
  if (prefix !== '') output.unshift({ type: 'input_text', text: prefix });
  return { type, call_id: result.toolCallId, output };
}

function convertMessage(message: ChatMessage, context: Context): Item[] {
  switch (message.role) {
    case 'system':
      return [{ type: 'message', role: message.developer ? 'developer' : 'system', content: message.content.map((part) => ({ type: 'input_text', text: part.text })) }];
    case 'user': {
      const items: Item[] = [];
      const content: Item[] = [];
      for (const part of message.content) {
        if (part.type === 'text') content.push({ type: 'input_text', text: part.text });
        else if (part.type === 'image') content.push({ type: 'input_image', image_url: imageUrl(part), detail: 'auto' });
        else if (part.type === 'document') content.push(documentPart(part));
        else if (part.family !== 'openai') context.warnings.push(`a '${part.kind}' part of ${part.family} is not supported by OpenAI responses and was left out`);
        else if (isContentKind(part.kind)) content.push(part.value);
        else items.push(part.value);
      }
      return content.length > 0 ? [{ type: 'message', role: 'user', content }, ...items] : items;
    }
    case 'assistant': {
      const items: Item[] = [];
      let content: Item[] | undefined;
      const flush = () => {
        if (content !== undefined) items.push({ type: 'message', role: 'assistant', content });
        content = undefined;
      };
      for (const part of message.content) {
        if (part.type === 'text') (content ??= []).push({ type: 'output_text', text: part.text });
        else if (part.type === 'refusal') (content ??= []).push({ type: 'refusal', refusal: part.text });
        else {
          flush();
          if (part.type === 'tool-call') {
            context.callNames.set(part.id, part.name);
            if (context.freeform.has(part.name)) items.push({ type: 'custom_tool_call', call_id: part.id, name: part.name, input: freeformInput(part.arguments) });
            else items.push({ type: 'function_call', call_id: part.id, name: part.name, arguments: part.arguments });
          } else if (part.type === 'reasoning') {
            if (part.family === 'openai' && part.encrypted !== undefined) {
              const item: Item = { type: 'reasoning', summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }], encrypted_content: part.encrypted };
              if (part.id !== undefined) item.id = part.id;
              items.push(item);
            } else context.warnings.push(`reasoning from ${part.family ?? 'another model'} cannot be replayed to OpenAI and was left out of the history`);
          } else if (part.family === 'openai') items.push(part.value);
          else context.warnings.push(`a '${part.kind}' part of ${part.family} is not supported by OpenAI responses and was left out`);
        }
      }
      flush();
      return items;
    }
    case 'tool':
      return message.content.map((result) => convertToolResult(result, context));
  }
}

/** The portable reasoning config → Responses `reasoning`. */
function convertReasoning(reasoning: ReasoningConfig, warnings: string[]): Item | undefined {
  const converted: Item = {};
  let effort: string | undefined = reasoning.effort;
  if (effort === 'max') {
    effort = 'xhigh';
    warnings.push("reasoning effort 'max' was sent as 'xhigh', OpenAI's highest");
  }
  if (effort === undefined && reasoning.budgetTokens !== undefined) effort = reasoning.budgetTokens <= 2048 ? 'low' : reasoning.budgetTokens <= 16384 ? 'medium' : 'high';
  if (effort === undefined && reasoning.enabled === false) effort = 'none';
  if (effort !== undefined && RESPONSES_EFFORTS.has(effort)) converted.effort = effort;
  if (reasoning.summary !== undefined) converted.summary = reasoning.summary;
  return Object.keys(converted).length > 0 ? converted : undefined;
}

/**
 * Internal request → OpenAI Responses body (translated path: any client reaching a Responses
 * model). Stateless: `store: false` and `include: ["reasoning.encrypted_content"]` unless the
 * client's own options say otherwise, so reasoning is replayed from the history instead of from
 * server state. Pure: the request is not modified.
 */
export function convertToOpenAIResponsesRequest(request: ChatRequest, providerModel: string): { value: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const freeform = freeformToolNames(request);
  const context: Context = { freeform, callNames: new Map(), warnings };
  const body: Record<string, unknown> = { model: providerModel, input: request.messages.flatMap((message) => convertMessage(message, context)) };
  const { params } = request;
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.maxTokens !== undefined) body.max_output_tokens = params.maxTokens;
  if (params.topK !== undefined) warnings.push('top_k is not supported by OpenAI and was ignored');
  if (params.stop !== undefined) warnings.push('stop sequences are not supported by OpenAI responses and were ignored');
  if (params.presencePenalty !== undefined) warnings.push('presence_penalty is not supported by OpenAI responses and was ignored');
  if (params.frequencyPenalty !== undefined) warnings.push('frequency_penalty is not supported by OpenAI responses and was ignored');
  if (params.seed !== undefined) warnings.push('seed is not supported by OpenAI responses and was ignored');
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.flatMap((tool): Item[] => {
      if (tool.type === 'provider') {
        const support = providerToolSupport(tool, 'openai-responses');
        if (support === 'native') return [tool.value];
        if (support === 'web-search') return [convertWebSearch(tool, warnings)];
        warnings.push(`tool '${tool.name ?? tool.kind}' of ${tool.family} is not supported by OpenAI responses and was left out`);
        return [];
      }
      const description = tool.description === undefined ? {} : { description: tool.description };
      if (tool.freeform !== undefined) return [{ type: 'custom', name: tool.name, ...description, ...(tool.freeform.format === undefined ? {} : { format: tool.freeform.format }) }];
      return [{ type: 'function', name: tool.name, ...description, parameters: tool.parameters, strict: tool.strict ?? false }];
    });
    if (params.parallelToolCalls !== undefined) body.parallel_tool_calls = params.parallelToolCalls;
  }
  if (request.toolChoice !== undefined) {
    const choice = request.toolChoice;
    body.tool_choice = choice.type === 'tool' ? { type: freeform.has(choice.name) ? 'custom' : 'function', name: choice.name } : choice.type;
  }
  const text: Item = {};
  if (request.responseFormat !== undefined) {
    const format = request.responseFormat;
    text.format =
      format.type === 'json-schema'
        ? { type: 'json_schema', name: format.name, schema: format.schema, ...(format.strict === undefined ? {} : { strict: format.strict }) }
        : { type: format.type === 'json' ? 'json_object' : 'text' };
  }
  if (request.reasoning !== undefined) {
    const reasoning = convertReasoning(request.reasoning, warnings);
    if (reasoning !== undefined) body.reasoning = reasoning;
  }
  body.store = false;
  body.include = ['reasoning.encrypted_content'];
  for (const [key, value] of Object.entries(request.providerOptions?.openai ?? {})) {
    if (key === 'verbosity') text.verbosity = value;
    else if (key === 'text' && typeof value === 'object' && value !== null) Object.assign(text, value);
    else if (CHAT_ONLY_OPTIONS.has(key)) warnings.push(`parameter '${key}' is not supported by OpenAI responses and was ignored`);
    else body[key] = value;
  }
  if (Object.keys(text).length > 0) body.text = text;
  if (request.user !== undefined) body.user = request.user;
  if (request.metadata !== undefined) body.metadata = request.metadata;
  if (request.stream) body.stream = true;
  return { value: body, warnings };
}
