/**
 * JSON schema of an OpenAI Responses request: only the types routing and translation rely on.
 * Input items are checked item by item by the parser (for errors that name the item); unknown
 * fields, item types, tool types and `text` / `reasoning` members are allowed, since OpenAI adds
 * them often and the same-format path carries them as they came.
 */
export const openAIResponsesRequestSchema = {
  type: 'object',
  required: ['input'],
  properties: {
    /** Empty or absent: the project's default router, else the org's `default_router`. */
    model: { type: 'string' },
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
    include: { type: ['array', 'null'], items: { type: 'string' } },
    prompt_cache_key: { type: ['string', 'null'] },
    reasoning: { type: ['object', 'null'], properties: { effort: { type: ['string', 'null'] }, summary: { type: ['string', 'null'] } } },
    tools: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } },
    tool_choice: { anyOf: [{ type: 'string', enum: ['auto', 'none', 'required'] }, { type: 'object', required: ['type'], properties: { type: { type: 'string' } } }] },
    text: { type: ['object', 'null'], properties: { format: { type: ['object', 'null'], required: ['type'], properties: { type: { type: 'string' } } } } },
  },
} as const;
