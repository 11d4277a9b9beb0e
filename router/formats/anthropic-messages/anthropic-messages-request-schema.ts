/**
 * JSON schema of an Anthropic Messages request, as much as routing and translation need. Unknown
 * top-level fields are allowed (the parser warns about them); wrong types of known ones are 400s.
 * Content blocks are checked by the parser, which knows each block type's fields.
 */
const textBlock = {
  type: 'object',
  required: ['type', 'text'],
  properties: { type: { const: 'text' }, text: { type: 'string' } },
};

const contentBlocks = {
  type: 'array',
  items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
};

const messagesSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['role', 'content'],
    properties: {
      role: { type: 'string', enum: ['user', 'assistant'] },
      content: { anyOf: [{ type: 'string' }, contentBlocks] },
    },
  },
};

const toolsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name'],
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
    type: { type: 'string', enum: ['auto', 'any', 'tool', 'none'] },
    name: { type: 'string', minLength: 1 },
    disable_parallel_tool_use: { type: 'boolean' },
  },
};

/** The fields `/v1/messages` and `/v1/messages/count_tokens` share. */
const sharedProperties = {
  model: { type: 'string', minLength: 1 },
  messages: messagesSchema,
  system: { anyOf: [{ type: 'string' }, { type: 'array', items: textBlock }] },
  tools: toolsSchema,
  tool_choice: toolChoiceSchema,
} as const;

/** `POST /v1/messages`. `max_tokens` is required, as in Anthropic's API. */
export const anthropicMessagesRequestSchema = {
  type: 'object',
  required: ['model', 'messages', 'max_tokens'],
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
  required: ['model', 'messages'],
  properties: sharedProperties,
} as const;
