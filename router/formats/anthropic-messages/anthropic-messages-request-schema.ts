/**
 * JSON schema of an Anthropic Messages request, as much as a 400 for truly malformed input needs.
 * Tolerant by design: unknown top-level fields, roles, block types and tool types pass (the parser
 * turns them into signal values and carries them); only wrong JSON types of the fields routing and
 * translation read are refused. Content blocks are checked by the parser, which knows each type.
 */
const block = { type: 'object', required: ['type'], properties: { type: { type: 'string', minLength: 1 } } };

const contentBlocks = { type: 'array', items: block };

const messagesSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['role', 'content'],
    properties: {
      role: { type: 'string', minLength: 1 },
      content: { anyOf: [{ type: 'string' }, contentBlocks] },
    },
  },
};

const toolsSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      input_schema: { type: 'object' },
      type: { type: 'string' },
    },
  },
};

const toolChoiceSchema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    disable_parallel_tool_use: { type: 'boolean' },
  },
};

const thinkingSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', minLength: 1 }, budget_tokens: { type: 'integer', minimum: 0 } },
};

const outputConfigSchema = {
  type: 'object',
  properties: { effort: { type: 'string', minLength: 1 }, format: { type: ['object', 'null'] } },
};

/** The fields `/v1/messages` and `/v1/messages/count_tokens` share. */
const sharedProperties = {
  /** Empty or absent: the project's default router, else the org's `default_router`. */
  model: { type: 'string' },
  messages: messagesSchema,
  system: { anyOf: [{ type: 'string' }, contentBlocks] },
  tools: toolsSchema,
  tool_choice: toolChoiceSchema,
  thinking: thinkingSchema,
  output_config: outputConfigSchema,
} as const;

/** `POST /v1/messages`. `max_tokens` is required, as in Anthropic's API. */
export const anthropicMessagesRequestSchema = {
  type: 'object',
  required: ['messages', 'max_tokens'],
  properties: {
    ...sharedProperties,
    max_tokens: { type: 'integer', minimum: 1 },
    stream: { type: 'boolean' },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    top_p: { type: 'number', minimum: 0, maximum: 1 },
    top_k: { type: 'integer', minimum: 0 },
    stop_sequences: { type: 'array', items: { type: 'string' } },
    metadata: { type: 'object', properties: { user_id: { type: ['string', 'null'] } } },
  },
} as const;

/** `POST /v1/messages/count_tokens`: the same input, no generation parameters. */
export const anthropicCountTokensRequestSchema = {
  type: 'object',
  required: ['messages'],
  properties: sharedProperties,
} as const;
