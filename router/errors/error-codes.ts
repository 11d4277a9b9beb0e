/**
 * The catalogue of stable error codes a client can see. README's "Error codes" table is checked
 * against this list by a test, so the docs cannot drift from the code.
 */
export const ERROR_CODES = {
  invalid_json: { status: 400, description: 'The request body is not valid JSON.' },
  invalid_request: { status: 400, description: 'The request body does not match the API schema.' },
  context_length_exceeded: { status: 400, description: 'The input is longer than the model allows.' },
  unsupported_feature: { status: 400, description: 'The request uses a feature switchyard cannot route (e.g. server-stored state to a non-OpenAI deployment).' },
  blocked_by_guardrail: { status: 400, description: 'A guardrail refused the request or the answer; the message names the guardrail, never the matched text.' },
  unauthorized: { status: 401, description: 'Missing or invalid gateway API key.' },
  model_not_allowed: { status: 403, description: "The caller's project or key may not use the `model` it named." },
  request_not_visible: { status: 403, description: '`POST /v1/feedback` names a request made with another key outside the caller\'s project.' },
  model_not_found: { status: 404, description: 'The `model` names neither a router nor a model of the config.' },
  not_found: { status: 404, description: 'No such endpoint.' },
  request_not_found: { status: 404, description: '`POST /v1/feedback` names a `request_id` the audit log does not hold (unknown, or past `retention_days`).' },
  payload_too_large: { status: 413, description: 'The request body exceeds `server.body_limit_bytes`.' },
  unsupported_media_type: { status: 415, description: 'The request body is not `application/json`, or its `Content-Encoding` is not gzip, deflate or br.' },
  rate_limited: { status: 429, description: 'A configured limit of the gateway refused the call.' },
  budget_exceeded: { status: 429, description: "The caller's key or project has spent its monthly budget." },
  upstream_rate_limited: { status: 429, description: 'The last upstream tried answered 429; its `Retry-After` is passed on.' },
  upstream_overloaded: { status: 529, description: 'The last upstream tried answered 529 (overloaded); OpenAI-format clients get 503.' },
  upstream_error: { status: 502, description: 'Every target of the plan failed; the message lists each attempt.' },
  all_circuits_open: { status: 503, description: 'Every target of the plan is skipped because its circuit breaker is open.' },
  store_unavailable: { status: 503, description: 'The shared store (Redis, PostgreSQL) is unavailable and the admin call needs it.' },
  upstream_timeout: { status: 504, description: 'The only upstream attempt made timed out (after retries or failover, a final timeout is upstream_error).' },
  internal_error: { status: 500, description: 'A bug in switchyard. The log has the detail; the client gets none.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
