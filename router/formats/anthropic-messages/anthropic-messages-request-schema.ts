import { z } from 'zod';
import { requestBodySchema } from '../request-body-schema.ts';

/**
 * An Anthropic Messages request, as much as a 400 for truly malformed input needs: the one source
 * of the wire types the parser reads and of the JSON schemas Fastify checks bodies with.
 * Tolerant by design: unknown top-level fields, roles, block types and tool types pass (the parser
 * turns them into signal values and carries them); only wrong JSON types of the fields routing and
 * translation read are refused. Content blocks are checked by the parser, which knows each type.
 */
const block = z.looseObject({ type: z.string().min(1) });

const contentBlocks = z.array(block);

const message = z.looseObject({
  role: z.string().min(1),
  content: z.union([z.string(), contentBlocks]),
});

const tool = z.looseObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  input_schema: z.looseObject({}).optional(),
  type: z.string().optional(),
});

const toolChoice = z.looseObject({
  type: z.string().min(1),
  name: z.string().min(1).optional(),
  disable_parallel_tool_use: z.boolean().optional(),
});

const thinking = z.looseObject({ type: z.string().min(1), budget_tokens: z.int().min(0).optional() });

const outputConfig = z.looseObject({ effort: z.string().min(1).optional(), format: z.looseObject({}).nullable().optional() });

/** The fields `/v1/messages` and `/v1/messages/count_tokens` share. */
const sharedFields = {
  /** Empty or absent: the project's default router, else the org's `default_router`. */
  model: z.string().optional(),
  messages: z.array(message).min(1),
  system: z.union([z.string(), contentBlocks]).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinking.optional(),
  output_config: outputConfig.optional(),
};

/** `POST /v1/messages`. `max_tokens` is required, as in Anthropic's API. */
export const anthropicMessagesRequestWire = z.looseObject({
  ...sharedFields,
  max_tokens: z.int().min(1),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  metadata: z.looseObject({ user_id: z.string().nullable().optional() }).optional(),
});

/** `POST /v1/messages/count_tokens`: the same input, no generation parameters. */
export const anthropicCountTokensRequestWire = z.looseObject(sharedFields);

/** What the parser reads: a messages body, or a count_tokens one (no `max_tokens`). */
export type AnthropicMessagesRequestWire = z.infer<typeof anthropicMessagesRequestWire> | z.infer<typeof anthropicCountTokensRequestWire>;
export type AnthropicMessageWire = z.infer<typeof message>;
/** A content block as the schema lets it through: `type` is a string, the rest is checked by the parser. */
export type AnthropicBlockWire = z.infer<typeof block>;
export type AnthropicToolWire = z.infer<typeof tool>;
export type AnthropicToolChoiceWire = z.infer<typeof toolChoice>;
export type AnthropicThinkingWire = z.infer<typeof thinking>;
export type AnthropicOutputConfigWire = z.infer<typeof outputConfig>;

/** What Fastify checks /v1/messages and /v1/messages/count_tokens bodies with. */
export const anthropicMessagesRequestSchema = requestBodySchema(anthropicMessagesRequestWire);
export const anthropicCountTokensRequestSchema = requestBodySchema(anthropicCountTokensRequestWire);
