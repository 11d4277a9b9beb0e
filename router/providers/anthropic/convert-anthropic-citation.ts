import type { Citation } from '../../core/chat-request.ts';

/**
 * One Anthropic citation (`web_search_result_location`, `char_location`, `page_location`,
 * `content_block_location`, `search_result_location`…) → an internal citation: kept whole, with
 * the web page's `url` and `title` (a document's `document_title`) and the cited text read out.
 */
export function convertAnthropicCitation(raw: Record<string, unknown>): Citation {
  const citation: Citation = { family: 'anthropic', value: raw };
  if (typeof raw.url === 'string') citation.url = raw.url;
  if (typeof raw.title === 'string') citation.title = raw.title;
  else if (typeof raw.document_title === 'string') citation.title = raw.document_title;
  if (typeof raw.cited_text === 'string') citation.citedText = raw.cited_text;
  return citation;
}

/** A text block's `citations` (absent or null in most answers). */
export function convertAnthropicCitations(raw: unknown): Citation[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null).map(convertAnthropicCitation);
}
