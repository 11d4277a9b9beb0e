import type { Citation } from '../../core/chat-request.ts';

/**
 * Anthropic's server web search, for a Responses client: a `server_tool_use` block named
 * `web_search` and its `web_search_tool_result` block are one `web_search_call` output item
 * (`action: { type: 'search', query, sources }`, status completed, or failed when the result is a
 * `web_search_tool_result_error`); web-page citations on the answer's text are `url_citation`
 * annotations over the text they cite. The item id is derived from the server tool use id, so a
 * stream and a whole answer agree.
 */
export type WebSearchStatus = 'in_progress' | 'completed' | 'failed';
export type WebSearchSource = { type: 'url'; url: string };
type ProviderPartLike = { family: string; kind: string; value: Record<string, unknown> };

/** An Anthropic server tool call of web search: its id and query. */
export function readWebSearchUse(part: ProviderPartLike): { toolUseId: string; query: string | undefined } | undefined {
  if (part.family !== 'anthropic' || part.kind !== 'server_tool_use' || part.value.name !== 'web_search' || typeof part.value.id !== 'string') return undefined;
  const input = part.value.input as { query?: unknown } | undefined;
  return { toolUseId: part.value.id, query: typeof input?.query === 'string' ? input.query : undefined };
}

/** An Anthropic web search result block: which call it answers, whether it failed, the pages found. */
export function readWebSearchResult(part: ProviderPartLike): { toolUseId: string; status: 'completed' | 'failed'; sources: WebSearchSource[] } | undefined {
  if (part.family !== 'anthropic' || part.kind !== 'web_search_tool_result' || typeof part.value.tool_use_id !== 'string') return undefined;
  const content = part.value.content;
  if (!Array.isArray(content)) return { toolUseId: part.value.tool_use_id, status: 'failed', sources: [] };
  const sources = content.flatMap((entry): WebSearchSource[] => {
    const url = (entry as { url?: unknown } | null)?.url;
    return typeof url === 'string' ? [{ type: 'url', url }] : [];
  });
  return { toolUseId: part.value.tool_use_id, status: 'completed', sources };
}

const GATEWAY_ID_PREFIX = 'ws_';

export function webSearchCallId(toolUseId: string): string {
  return `${GATEWAY_ID_PREFIX}${toolUseId}`;
}

/** Whether a `web_search_call` item is one the gateway made from an Anthropic search (OpenAI never saw it). */
export function isGatewayWebSearchCall(item: { type?: unknown; id?: unknown }): boolean {
  return item.type === 'web_search_call' && typeof item.id === 'string' && item.id.startsWith(`${GATEWAY_ID_PREFIX}srvtoolu_`);
}

export function webSearchCallItem(toolUseId: string, status: WebSearchStatus, query: string | undefined, sources: readonly WebSearchSource[]): Record<string, unknown> {
  const action: Record<string, unknown> = { type: 'search' };
  if (query !== undefined) action.query = query;
  if (sources.length > 0) action.sources = [...sources];
  return { type: 'web_search_call', id: webSearchCallId(toolUseId), status, action };
}

/** The `url_citation` annotations of a text run at [start, end) of an output_text: its web-page citations (others have no Responses form). */
export function urlCitationAnnotations(citations: readonly Citation[] | undefined, start: number, end: number): Array<Record<string, unknown>> {
  if (citations === undefined) return [];
  return citations.flatMap((citation) => (citation.url === undefined ? [] : [{ type: 'url_citation', start_index: start, end_index: end, url: citation.url, title: citation.title ?? '' }]));
}
