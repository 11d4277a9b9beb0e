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

/**
 * A provider part goes back as it came to Anthropic, when Anthropic made it; another family's is
 * left out, with a warning — except a Responses `web_search_call` (OpenAI's, or one the gateway
 * made from an Anthropic search: Codex sends both back without the encrypted results Anthropic
 * would need to verify a replayed search), which becomes a text note of the query and the pages
 * found, so the next turn still knows what was searched.
 */
export function convertProviderPart(part: ProviderPart, warnings: string[]): Array<AnthropicOtherBlock | AnthropicTextBlock> {
  if (part.family === 'anthropic') return [{ ...part.value, type: part.kind }];
  if (part.family === 'openai' && part.kind === 'web_search_call') {
    const note = describeWebSearchCall(part.value);
    warnings.push('a web search from an earlier turn cannot be replayed to Anthropic as a search (its results are not in the history); it goes as a text note of the query and sources');
    return note === undefined ? [] : [{ type: 'text', text: note }];
  }
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

/** "[web search: "query" — sources: url, url]" from a web_search_call item's action; undefined when it names nothing. */
function describeWebSearchCall(item: Record<string, unknown>): string | undefined {
  const action = (typeof item.action === 'object' && item.action !== null ? item.action : {}) as { query?: unknown; queries?: unknown; sources?: unknown; url?: unknown };
  const queries = [action.query, ...(Array.isArray(action.queries) ? action.queries : [])].filter((query, index, all): query is string => typeof query === 'string' && query !== '' && all.indexOf(query) === index);
  const urls = [action.url, ...(Array.isArray(action.sources) ? action.sources.map((source) => (source as { url?: unknown } | null)?.url) : [])].filter((url): url is string => typeof url === 'string' && url !== '');
  if (queries.length === 0 && urls.length === 0) return undefined;
  const parts = [queries.length > 0 ? `web search: ${queries.map((query) => JSON.stringify(query)).join(', ')}` : 'web search'];
  if (urls.length > 0) parts.push(`sources: ${urls.join(', ')}`);
  if (item.status === 'failed') parts.push('failed');
  return `[${parts.join(' — ')}]`;
}
