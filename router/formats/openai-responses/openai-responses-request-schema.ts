/**
 * JSON schema of an OpenAI Responses request, as much as routing and translation need. Input items
 * are checked item by item by the parser (for errors that name the item); unknown top-level fields
 * are allowed (OpenAI adds them often) and become warnings.
 */
export const openAIResponsesRequestSchema = {
  type: 'object',
  required: ['model', 'input'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }] },
    instructions: { type: ['string', 'null'] },
    stream: { type: ['boolean', 'null'] },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    max_output_tokens: { type: ['integer', 'null'], minimum: 1 },
    parallel_tool_calls: { type: ['boolean', 'null'] },
    metadata: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    user: { type: 'string' },
    store: { type: ['boolean', 'null'] },
    previous_response_id: { type: ['string', 'null'] },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string' },
          name: { type: 'string' },
          description: { type: ['string', 'null'] },
          parameters: { type: ['object', 'null'] },
          strict: { type: ['boolean', 'null'] },
        },
      },
    },
    tool_choice: {
      anyOf: [
        { type: 'string', enum: ['auto', 'none', 'required'] },
        { type: 'object', required: ['type'], properties: { type: { type: 'string' }, name: { type: 'string' } } },
      ],
    },
    text: {
      type: ['object', 'null'],
      properties: {
        format: {
          type: 'object',
          required: ['type'],
          properties: {
            type: { type: 'string', enum: ['text', 'json_object', 'json_schema'] },
            name: { type: 'string' },
            schema: { type: 'object' },
            strict: { type: ['boolean', 'null'] },
            description: { type: 'string' },
          },
        },
      },
    },
  },
} as const;
