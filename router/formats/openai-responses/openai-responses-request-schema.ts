import { z } from 'zod';
import { requestBodySchema } from '../request-body-schema.ts';

/**
 * An OpenAI Responses request, only the types routing and translation rely on: the one source of
 * the wire type the parser reads and of the JSON schema Fastify checks bodies with.
 * Input items are checked item by item by the parser (for errors that name the item); unknown
 * fields, item types, tool types and `text` / `reasoning` members are allowed, since OpenAI adds
 * them often and the same-format path carries them as they came.
 */
const textFormat = z.looseObject({ type: z.string() });

/** A tool: only its `type` is checked here; the parser reads a function or custom tool's fields (and names a bad one). */
const tool = z.looseObject({ type: z.string() });

export const openAIResponsesRequestWire = z.looseObject({
  /** Empty or absent: the project's default router, else the org's `default_router`. */
  model: z.string().optional(),
  input: z.union([z.string(), z.array(z.looseObject({}))]),
  instructions: z.string().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  max_output_tokens: z.int().min(1).nullable().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  user: z.string().optional(),
  store: z.boolean().nullable().optional(),
  previous_response_id: z.string().nullable().optional(),
  include: z.array(z.string()).nullable().optional(),
  prompt_cache_key: z.string().nullable().optional(),
  reasoning: z.looseObject({ effort: z.string().nullable().optional(), summary: z.string().nullable().optional() }).nullable().optional(),
  tools: z.array(tool).optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.looseObject({ type: z.string() })]).optional(),
  text: z.looseObject({ format: textFormat.nullable().optional() }).nullable().optional(),
});

/**
 * `/v1/responses/input_tokens` and `/v1/responses/compact` take the same body, but `input` is left
 * to the parser: it may be absent (`previous_response_id` names the conversation), and a bad one is
 * refused naming the item (`input[0] must be an object`), not with the schema's first union branch.
 */
export const openAIResponsesEndpointRequestWire = openAIResponsesRequestWire.extend({ input: z.unknown().optional() });

export type OpenAIResponsesRequestWire = z.infer<typeof openAIResponsesEndpointRequestWire>;
export type OpenAIResponsesToolWire = z.infer<typeof tool>;

/** What Fastify checks /v1/responses bodies with. */
export const openAIResponsesRequestSchema = requestBodySchema(openAIResponsesRequestWire);
export const openAIResponsesEndpointRequestSchema = requestBodySchema(openAIResponsesEndpointRequestWire);
