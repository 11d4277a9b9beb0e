/**
 * Streamed answers are AsyncIterable<StreamEvent>. Adapters map provider chunks to these events;
 * client encoders map them to the client's SSE. Events are start/delta/end named.
 */
import type { Citation } from './chat-request.ts';
import type { FinishReason, ReportedModel, Usage } from './chat-result.ts';

export type StreamEvent =
  | { type: 'response-start'; id: string | undefined; reportedModel: ReportedModel | undefined }
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; delta: string }
  | { type: 'text-end'; index: number }
  /**
   * A source the text block at `index` cites (it may arrive before or after the block's text deltas):
   * the whole block, or `span` (offsets into the block's text) when the provider cites a part of an
   * answer it has already streamed (OpenAI Chat's `delta.annotations`), so the block can't be split.
   */
  | { type: 'text-citation'; index: number; citation: Citation; span?: { start: number; end: number } }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number }
  | { type: 'reasoning-start'; index: number; family?: string; id?: string }
  | { type: 'reasoning-delta'; index: number; delta: string }
  /** The opaque value that lets the same family verify the reasoning when it is replayed. */
  | { type: 'reasoning-signature'; index: number; signature?: string; encrypted?: string; redacted?: string }
  | { type: 'reasoning-end'; index: number }
  | { type: 'refusal-delta'; index: number; delta: string }
  /** A provider block the internal format has no type for, complete (server tool use, citations…). */
  | { type: 'provider-part'; index: number; part: { family: string; kind: string; value: Record<string, unknown> } }
  | { type: 'usage'; usage: Usage }
  | { type: 'response-end'; finishReason: FinishReason; usage: Usage | undefined };
