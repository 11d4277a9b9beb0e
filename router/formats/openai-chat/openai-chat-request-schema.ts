import { z } from 'zod';
import { requestBodySchema } from '../request-body-schema.ts';

/**
 * An OpenAI Chat Completions request, as much as routing and translation need: the one source of
 * the wire types the parser reads and of the JSON schema Fastify checks bodies with.
 * Tolerant by design: unknown fields, content part types, roles, tool types and tool-choice shapes
 * pass (a new client version works the day it ships; same-format upstreams receive them as sent);
 * wrong types of the fields we read do not.
 */
const part = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  image_url: z.union([z.string(), z.looseObject({ url: z.string() })]).optional(),
});

const textOrParts = z.union([z.string(), z.array(part), z.null()]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string().optional() }).optional(),
});

const message = z.looseObject({
  role: z.string().min(1),
  content: textOrParts.optional(),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  refusal: z.string().nullable().optional(),
  reasoning_content: z.string().nullable().optional(),
  tool_calls: z.array(toolCall).optional(),
});

const tool = z.looseObject({
  type: z.string().min(1),
  function: z
    .looseObject({
      name: z.string().min(1),
      description: z.string().optional(),
      parameters: z.looseObject({}).optional(),
      strict: z.boolean().nullable().optional(),
    })
    .optional(),
});

export const openAIChatRequestWire = z.looseObject({
  /** Empty or absent: the project's default router, else the org's `default_router`. */
  model: z.string().optional(),
  messages: z.array(message).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  max_tokens: z.int().min(1).nullable().optional(),
  max_completion_tokens: z.int().min(1).nullable().optional(),
  n: z.int().min(1).nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(16), z.null()]).optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  seed: z.int().nullable().optional(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  parallel_tool_calls: z.boolean().optional(),
  reasoning_effort: z.string().nullable().optional(),
  tools: z.array(tool).optional(),
  tool_choice: z.union([z.string(), z.looseObject({ type: z.string() }), z.null()]).optional(),
  response_format: z
    .looseObject({
      type: z.string(),
      json_schema: z.looseObject({ name: z.string(), schema: z.looseObject({}).optional(), strict: z.boolean().nullable().optional() }).optional(),
    })
    .nullable()
    .optional(),
});

export type OpenAIChatRequestWire = z.infer<typeof openAIChatRequestWire>;
export type OpenAIChatMessageWire = z.infer<typeof message>;
export type OpenAIChatPartWire = z.infer<typeof part>;
export type OpenAIChatToolWire = z.infer<typeof tool>;

/** What Fastify checks a /v1/chat/completions body with. */
export const openAIChatRequestSchema = requestBodySchema(openAIChatRequestWire);
