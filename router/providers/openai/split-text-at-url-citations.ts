import type { Citation, TextPart } from '../../core/chat-request.ts';

/** OpenAI's `url_citation` annotation on a Chat message: a span of the content and the page it cites. */
type UrlCitationAnnotation = { type?: unknown; url_citation?: { start_index?: unknown; end_index?: unknown; url?: unknown; title?: unknown } };

/**
 * An OpenAI Chat answer's text with its `url_citation` annotations (search models) → text parts
 * split at the cited spans' edges, each carrying the pages that cite all of it — the internal
 * form, where citations belong to a run of text as a whole (as Anthropic's do). Annotations whose
 * span is not inside the text, or that are not url citations, are left out. Pure.
 */
export function splitTextAtUrlCitations(text: string, annotations: unknown): TextPart[] {
  const spans = (Array.isArray(annotations) ? (annotations as UrlCitationAnnotation[]) : []).flatMap((annotation) => {
    const cited = annotation?.type === 'url_citation' ? annotation.url_citation : undefined;
    const start = cited?.start_index;
    const end = cited?.end_index;
    if (typeof start !== 'number' || typeof end !== 'number' || typeof cited?.url !== 'string' || !(start >= 0 && start < end && end <= text.length)) return [];
    const citation: Citation = { family: 'openai', url: cited.url, value: annotation as Record<string, unknown> };
    if (typeof cited.title === 'string') citation.title = cited.title;
    return [{ start, end, citation }];
  });
  if (spans.length === 0) return [{ type: 'text', text }];
  const edges = [...new Set([0, text.length, ...spans.flatMap((span) => [span.start, span.end])])].sort((a, b) => a - b);
  const parts: TextPart[] = [];
  for (let position = 0; position + 1 < edges.length; position += 1) {
    const from = edges[position]!;
    const to = edges[position + 1]!;
    const citations = spans.filter((span) => span.start <= from && span.end >= to).map((span) => span.citation);
    parts.push(citations.length === 0 ? { type: 'text', text: text.slice(from, to) } : { type: 'text', text: text.slice(from, to), citations });
  }
  return parts;
}
