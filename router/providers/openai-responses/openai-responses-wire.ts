/** The parts of the OpenAI Responses API wire this adapter reads (requests are built as plain JSON). */

export type OpenAIResponsesUsage = {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
};

export type OpenAIResponsesContent = { type: string; text?: string; refusal?: string };

export type OpenAIResponsesOutputItem = {
  type: string;
  id?: string;
  status?: string;
  role?: string;
  content?: OpenAIResponsesContent[] | null;
  call_id?: string;
  name?: string;
  arguments?: string;
  input?: string;
  summary?: Array<{ type: string; text?: string }>;
  encrypted_content?: string | null;
} & Record<string, unknown>;

export type OpenAIResponsesObject = {
  id?: string;
  object?: string;
  model?: string;
  status?: string;
  error?: { code?: string; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: OpenAIResponsesOutputItem[];
  usage?: OpenAIResponsesUsage | null;
};

/** One streamed event: `type` says which; the other fields depend on it. */
export type OpenAIResponsesEvent = {
  type: string;
  response?: OpenAIResponsesObject;
  output_index?: number;
  content_index?: number;
  summary_index?: number;
  item?: OpenAIResponsesOutputItem;
  part?: OpenAIResponsesContent;
  delta?: string;
  code?: string;
  message?: string;
};
