import type { FinishReason } from '../../core/chat-result.ts';

export type ResponsesOutcome =
  | { status: 'completed'; incompleteReason: undefined }
  | { status: 'incomplete'; incompleteReason: 'max_output_tokens' | 'content_filter' };

/** A response cut by the token limit or a content filter is `incomplete`, with the reason. */
export function mapFinishReasonToResponsesStatus(reason: FinishReason): ResponsesOutcome {
  if (reason.unified === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (reason.unified === 'content-filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed', incompleteReason: undefined };
}
