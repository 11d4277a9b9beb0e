import type { CacheBreakpoint, DocumentPart, ImagePart, ProviderPart, ReasoningPart, TextPart } from '../../core/chat-request.ts';
import type {
  AnthropicCacheControl,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicOtherBlock,
  AnthropicRequestBlock,
  AnthropicTextBlock,
} from './anthropic-wire.ts';

export function convertCacheBreakpoint(cache: CacheBreakpoint | undefined): { cache_control?: AnthropicCacheControl } {
  if (cache === undefined) return {};
  return { cache_control: cache.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: cache.ttl } };
}

export function convertText(part: TextPart): AnthropicTextBlock[] {
  // Anthropic rejects empty text blocks; an empty text carries nothing, so it is left out.
  return part.text === '' ? [] : [{ type: 'text', text: part.text, ...convertCacheBreakpoint(part.cache) }];
}

export function convertImage(part: ImagePart): AnthropicImageBlock {
  const source: AnthropicImageBlock['source'] = part.source.type === 'url'
    ? { type: 'url', url: part.source.url }
    : { type: 'base64', media_type: part.source.mediaType, data: part.source.data };
  return { type: 'image', source, ...convertCacheBreakpoint(part.cache) };
}

export function convertDocument(part: DocumentPart): AnthropicDocumentBlock {
  const { source } = part;
  let wire: AnthropicDocumentBlock['source'];
  if (source.type === 'url') wire = { type: 'url', url: source.url };
  else if (source.type === 'file') wire = { type: 'file', file_id: source.fileId };
  else wire = { type: source.type, media_type: source.mediaType, data: source.data };
  return { type: 'document', source: wire, ...(part.title === undefined ? {} : { title: part.title }), ...convertCacheBreakpoint(part.cache) };
}

/** A provider part goes back as it came to Anthropic, when Anthropic made it; another family's is left out, with a warning. */
export function convertProviderPart(part: ProviderPart, warnings: string[]): AnthropicOtherBlock[] {
  if (part.family === 'anthropic') return [{ ...part.value, type: part.kind }];
  warnings.push(`a ${part.family} '${part.kind}' item has no Anthropic equivalent and was left out`);
  return [];
}

/**
 * Reasoning in history: Anthropic verifies a thinking block by its signature, so only reasoning
 * that Anthropic signed is replayed (as `thinking` or `redacted_thinking`); reasoning from another
 * family, or unsigned, is left out with a warning (Anthropic would refuse it).
 */
export function convertReasoning(part: ReasoningPart, warnings: string[]): AnthropicRequestBlock[] {
  if (part.family === 'anthropic' && part.redacted !== undefined) return [{ type: 'redacted_thinking', data: part.redacted }];
  if (part.family === 'anthropic' && part.signature !== undefined) return [{ type: 'thinking', thinking: part.text, signature: part.signature }];
  warnings.push(`reasoning from ${part.family ?? 'an unknown provider'} cannot be verified by Anthropic and was left out of the history`);
  return [];
}
