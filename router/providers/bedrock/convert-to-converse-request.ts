import type { CacheBreakpoint, ChatMessage, ChatRequest, DocumentPart, ImagePart, ToolResultPart } from '../../core/chat-request.ts';
import { anthropicDefaultMaxTokens } from '../anthropic/anthropic-default-max-tokens.ts';
import type { ConverseCachePoint, ConverseContentBlock, ConverseDocumentFormat, ConverseImageFormat, ConverseMessage, ConverseRequest } from './converse-wire.ts';

const CACHE_POINT: ConverseCachePoint = { cachePoint: { type: 'default' } };
/** The family Bedrock's reasoning signatures are tagged with: replayed only to Bedrock. */
export const BEDROCK_FAMILY = 'bedrock';

const IMAGE_FORMATS: Record<string, ConverseImageFormat> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };
const DOCUMENT_FORMATS: Record<string, ConverseDocumentFormat> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};
/** Thinking budgets for an effort level, on Anthropic models (Converse passes `thinking` through). */
const EFFORT_BUDGET: Record<string, number> = { low: 2_048, medium: 8_192, high: 16_384, xhigh: 32_000, max: 32_000 };

/** `anthropic.claude-…`, `eu.anthropic.claude-…` (a cross-region inference profile), or an ARN naming one. */
export function isAnthropicOnBedrock(modelId: string): boolean {
  return /(^|[.:/])anthropic\.claude/.test(modelId);
}

function claudeId(modelId: string): string {
  const match = /anthropic\.(claude-[a-z0-9-]+)/.exec(modelId);
  return match?.[1] ?? modelId;
}

/** Converse's document name: letters, digits, single spaces, hyphens, parentheses, brackets. */
function documentName(part: DocumentPart, index: number): string {
  const raw = (part.title ?? part.filename ?? `document ${index + 1}`).replace(/\.[a-z0-9]{1,5}$/i, '');
  const cleaned = raw.replace(/[^a-zA-Z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? `document ${index + 1}` : cleaned.slice(0, 200);
}

type Context = { warnings: string[]; documents: number };

function imageBlock(part: ImagePart, context: Context): ConverseContentBlock | undefined {
  if (part.source.type !== 'base64') {
    context.warnings.push('image URLs are not supported by Bedrock Converse (only inline bytes): image dropped');
    return undefined;
  }
  const format = IMAGE_FORMATS[part.source.mediaType.toLowerCase()];
  if (format === undefined) {
    context.warnings.push(`image type ${part.source.mediaType} is not supported by Bedrock Converse: image dropped`);
    return undefined;
  }
  return { image: { format, source: { bytes: Buffer.from(part.source.data, 'base64') } } };
}

function documentBlock(part: DocumentPart, context: Context): ConverseContentBlock | undefined {
  const source = part.source;
  if (source.type === 'url' || source.type === 'file') {
    context.warnings.push(`a document by ${source.type === 'url' ? 'URL' : 'file id'} is not supported by Bedrock Converse (only inline bytes): document dropped`);
    return undefined;
  }
  const format = DOCUMENT_FORMATS[source.mediaType.toLowerCase()] ?? (source.type === 'text' ? 'txt' : undefined);
  if (format === undefined) {
    context.warnings.push(`document type ${source.mediaType} is not supported by Bedrock Converse: document dropped`);
    return undefined;
  }
  const bytes = source.type === 'base64' ? Buffer.from(source.data, 'base64') : Buffer.from(source.data, 'utf8');
  return { document: { format, name: documentName(part, context.documents++), source: { bytes } } };
}

function withCache(blocks: ConverseContentBlock[], cache: CacheBreakpoint | undefined): ConverseContentBlock[] {
  return cache === undefined ? blocks : [...blocks, CACHE_POINT];
}

function toolResultBlock(part: ToolResultPart, context: Context): ConverseContentBlock[] {
  const content: Array<{ text: string } | { image: { format: ConverseImageFormat; source: { bytes: Uint8Array } } }> = [];
  for (const piece of part.content) {
    if (piece.type === 'text') content.push({ text: piece.text });
    else {
      const image = imageBlock(piece, context);
      if (image !== undefined && 'image' in image) content.push(image);
    }
  }
  if (content.length === 0) content.push({ text: '' });
  return withCache([{ toolResult: { toolUseId: part.toolCallId, content, ...(part.isError === true ? { status: 'error' as const } : {}) } }], part.cache);
}

function parseArguments(text: string): unknown {
  try {
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return { arguments: text };
  }
}

function blocksOf(message: Exclude<ChatMessage, { role: 'system' }>, context: Context): ConverseContentBlock[] {
  const blocks: ConverseContentBlock[] = [];
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        blocks.push(...withCache([{ text: part.text }], part.cache));
        break;
      case 'image': {
        const image = imageBlock(part, context);
        if (image !== undefined) blocks.push(...withCache([image], part.cache));
        break;
      }
      case 'document': {
        const document = documentBlock(part, context);
        if (document !== undefined) blocks.push(...withCache([document], part.cache));
        break;
      }
      case 'tool-call':
        blocks.push({ toolUse: { toolUseId: part.id, name: part.name, input: parseArguments(part.arguments) } });
        break;
      case 'tool-result':
        blocks.push(...toolResultBlock(part, context));
        break;
      case 'reasoning':
        // Signed reasoning verifies only where it was made.
        if (part.family === BEDROCK_FAMILY && part.redacted !== undefined) blocks.push({ reasoningContent: { redactedContent: Buffer.from(part.redacted, 'base64') } });
        else if (part.family === BEDROCK_FAMILY && part.signature !== undefined) blocks.push({ reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } });
        else if (part.text !== '' || part.signature !== undefined) context.warnings.push(`reasoning from ${part.family ?? 'another provider'} cannot be replayed to Bedrock: left out`);
        break;
      case 'refusal':
        blocks.push({ text: part.text });
        break;
      case 'provider':
        context.warnings.push(`${part.family} ${part.kind} block has no Bedrock Converse equivalent: left out`);
        break;
    }
  }
  return blocks;
}

/**
 * Claude refuses a thinking-on continuation of a tool loop unless the step that made the pending
 * tool calls starts with reasoning it signed: true when the last turn answers tool calls whose
 * step (the last assistant turn) does not start with replayed reasoning (it came from another
 * provider, or a client that could not keep the signature).
 */
function continuesUnsignedToolStep(messages: readonly ConverseMessage[]): boolean {
  const last = messages.at(-1);
  if (last?.role !== 'user' || !last.content.some((block) => 'toolResult' in block)) return false;
  const step = messages.findLast((message) => message.role === 'assistant');
  if (step === undefined || !step.content.some((block) => 'toolUse' in block)) return false;
  const first = step.content[0];
  return first === undefined || !('reasoningContent' in first);
}

/**
 * The internal request → a Converse request: system messages (wherever they stand) into `system`,
 * tool results into the user turn that follows the call, consecutive turns of one role merged (Converse
 * wants them alternating), cache breakpoints as `cachePoint` blocks after the marked part, images and
 * documents as inline bytes, tool definitions as `toolSpec`s. Reasoning: on Anthropic models the
 * effort or budget becomes `thinking` in `additionalModelRequestFields`; elsewhere a warning.
 */
export function convertToConverseRequest(request: ChatRequest, modelId: string): { value: ConverseRequest; warnings: string[] } {
  const context: Context = { warnings: [], documents: 0 };
  const system: NonNullable<ConverseRequest['system']> = [];
  const messages: ConverseMessage[] = [];
  let seenTurn = false;
  for (const message of request.messages) {
    if (message.role === 'system') {
      if (seenTurn) context.warnings.push('a system message inside the conversation was moved to the system prompt (Bedrock Converse has one)');
      for (const part of message.content) {
        system.push({ text: part.text });
        if (part.cache !== undefined) system.push(CACHE_POINT);
      }
      continue;
    }
    seenTurn = true;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message, context);
    if (blocks.length === 0) continue;
    const last = messages.at(-1);
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  }

  const value: ConverseRequest = { modelId, messages };
  if (system.length > 0) value.system = system;
  const anthropic = isAnthropicOnBedrock(modelId);
  const { params } = request;
  const inference: NonNullable<ConverseRequest['inferenceConfig']> = {};
  const maxTokens = params.maxTokens ?? (anthropic ? anthropicDefaultMaxTokens(claudeId(modelId)) : undefined);
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  if (params.temperature !== undefined) inference.temperature = params.temperature;
  if (params.topP !== undefined) inference.topP = params.topP;
  if (params.stop !== undefined && params.stop.length > 0) inference.stopSequences = params.stop;
  const additional: Record<string, unknown> = {};
  if (params.topK !== undefined) {
    if (anthropic) additional.top_k = params.topK;
    else context.warnings.push('top_k is not a Converse parameter for this model: dropped');
  }
  for (const [name, present] of [['presence_penalty', params.presencePenalty], ['frequency_penalty', params.frequencyPenalty], ['seed', params.seed]] as const) {
    if (present !== undefined) context.warnings.push(`${name} is not a Bedrock Converse parameter: dropped`);
  }

  const reasoning = request.reasoning;
  if (reasoning !== undefined && reasoning.enabled !== false && reasoning.effort !== 'none' && reasoning.effort !== 'minimal') {
    const budget = reasoning.budgetTokens ?? (reasoning.effort === undefined ? undefined : EFFORT_BUDGET[reasoning.effort]);
    if (anthropic && budget !== undefined && continuesUnsignedToolStep(messages)) {
      context.warnings.push('thinking was turned off for this call: the tool calls it continues came from another provider, whose reasoning Bedrock cannot verify (Claude requires that step to start with its own signed reasoning)');
    } else if (anthropic && budget !== undefined) {
      const ceiling = Math.max(1_024, (inference.maxTokens ?? budget + 1_024) - 1);
      additional.thinking = { type: 'enabled', budget_tokens: Math.max(1_024, Math.min(budget, ceiling)) };
      if (inference.temperature !== undefined && inference.temperature !== 1) {
        delete inference.temperature;
        context.warnings.push('temperature dropped: extended thinking on Anthropic models runs at temperature 1');
      }
    } else if (!anthropic) context.warnings.push(`reasoning settings are not mapped for ${modelId} on Bedrock: the model's default applies`);
  }
  if (Object.keys(inference).length > 0) value.inferenceConfig = inference;
  if (Object.keys(additional).length > 0) value.additionalModelRequestFields = additional;

  const tools: NonNullable<ConverseRequest['toolConfig']>['tools'] = [];
  for (const tool of request.tools ?? []) {
    if (tool.type !== 'function') {
      context.warnings.push(`${tool.family} tool ${tool.kind} has no Bedrock Converse equivalent: left out`);
      continue;
    }
    tools.push({ toolSpec: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), inputSchema: { json: tool.parameters } } });
    if (tool.cache !== undefined) tools.push(CACHE_POINT);
  }
  if (tools.length > 0) {
    const choice = request.toolChoice;
    value.toolConfig = { tools };
    if (choice?.type === 'required') value.toolConfig.toolChoice = { any: {} };
    else if (choice?.type === 'tool') value.toolConfig.toolChoice = { tool: { name: choice.name } };
    else if (choice?.type === 'none') context.warnings.push('tool_choice none has no Bedrock Converse equivalent: the model may still call a tool');
  }
  if (request.responseFormat !== undefined && request.responseFormat.type !== 'text') context.warnings.push('response_format is not applied on Bedrock Converse: the answer is not constrained to JSON');
  return { value, warnings: context.warnings };
}
