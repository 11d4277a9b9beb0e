/**
 * Streamed answers are AsyncIterable<StreamEvent>. Adapters map provider chunks to these events;
 * client encoders map them to the client's SSE. Events are start/delta/end named.
 */
import type { FinishReason, ReportedModel, Usage } from './chat-result.ts';

export type StreamEvent =
  | { type: 'response-start'; id: string | undefined; reportedModel: ReportedModel | undefined }
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; delta: string }
  | { type: 'text-end'; index: number }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number }
  | { type: 'usage'; usage: Usage }
  | { type: 'response-end'; finishReason: FinishReason; usage: Usage | undefined };

export type StreamEventType = StreamEvent['type'];
