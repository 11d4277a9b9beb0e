/**
 * The parts of Amazon Bedrock's Converse API this adapter writes and reads, as plain JSON shapes
 * (the AWS SDK's own types are unions of every member; these are the members used).
 */
export type ConverseCachePoint = { cachePoint: { type: 'default' } };
export type ConverseImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
export type ConverseDocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';

export type ConverseContentBlock =
  | { text: string }
  | { image: { format: ConverseImageFormat; source: { bytes: Uint8Array } } }
  | { document: { format: ConverseDocumentFormat; name: string; source: { bytes: Uint8Array } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: Array<{ text: string } | { image: { format: ConverseImageFormat; source: { bytes: Uint8Array } } }>; status?: 'success' | 'error' } }
  | { reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: Uint8Array } }
  | ConverseCachePoint;

export type ConverseMessage = { role: 'user' | 'assistant'; content: ConverseContentBlock[] };

export type ConverseRequest = {
  modelId: string;
  messages: ConverseMessage[];
  system?: Array<{ text: string } | ConverseCachePoint>;
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: {
    tools: Array<{ toolSpec: { name: string; description?: string; inputSchema: { json: unknown } } } | ConverseCachePoint>;
    toolChoice?: { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };
  };
  additionalModelRequestFields?: Record<string, unknown>;
};

export type ConverseUsage = { inputTokens?: number; outputTokens?: number; totalTokens?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };

/** A content block of an answer (what `output.message.content` holds). */
export type ConverseAnswerBlock = {
  text?: string;
  toolUse?: { toolUseId?: string; name?: string; input?: unknown };
  reasoningContent?: { reasoningText?: { text?: string; signature?: string }; redactedContent?: Uint8Array };
};

export type ConverseResponse = {
  output?: { message?: { role?: string; content?: ConverseAnswerBlock[] } };
  stopReason?: string;
  usage?: ConverseUsage;
};

/** One event of ConverseStream (the SDK decodes the event stream into these). */
export type ConverseStreamEvent = {
  messageStart?: { role?: string };
  contentBlockStart?: { contentBlockIndex?: number; start?: { toolUse?: { toolUseId?: string; name?: string } } };
  contentBlockDelta?: { contentBlockIndex?: number; delta?: { text?: string; toolUse?: { input?: string }; reasoningContent?: { text?: string; signature?: string; redactedContent?: Uint8Array } } };
  contentBlockStop?: { contentBlockIndex?: number };
  messageStop?: { stopReason?: string };
  metadata?: { usage?: ConverseUsage };
  internalServerException?: { message?: string };
  modelStreamErrorException?: { message?: string; originalStatusCode?: number };
  validationException?: { message?: string };
  throttlingException?: { message?: string };
  serviceUnavailableException?: { message?: string };
};
