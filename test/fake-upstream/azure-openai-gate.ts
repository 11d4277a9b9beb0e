import type { IncomingHttpHeaders } from 'node:http';

/** What a fake Azure OpenAI resource accepts: its key (the `api-key` header) and/or Entra ID bearer tokens. */
export interface FakeAzureOptions {
  apiKey?: string;
  bearerTokens?: readonly string[];
}

export type AzureGateResult =
  | { ok: true; path: string; deployment: string | undefined }
  | { ok: false; status: number; body: { error: { code: string; message: string } } };

const DATED_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const OPERATIONS = new Set(['chat/completions', 'embeddings', 'responses', 'responses/input_tokens', 'responses/compact']);
/** The Responses API on a dated version: `/openai/responses?api-version=…` (no deployment in the path), from 2025-03-01-preview. */
const RESPONSES_FIRST_VERSION = '2025-03-01-preview';

function refuse(status: number, code: string, message: string): AzureGateResult {
  return { ok: false, status, body: { error: { code, message } } };
}

/**
 * Azure OpenAI's checks, as the real service makes them, for a path under `/openai/`:
 * `/openai/deployments/{deployment}/{operation}?api-version={date}` (classic: the version is
 * required), `/openai/responses[/…]?api-version={date}` (the Responses API on a dated version, from
 * 2025-03-01-preview, the deployment in the body) or `/openai/v1/{operation}` (v1: no version, or
 * `preview`); then the credential, an
 * `api-key` header or `Authorization: Bearer {Entra ID token}`. Passing, the request goes on as
 * the OpenAI wire's `/v1/{operation}`, the deployment named by the path (classic) or the body.
 */
export function checkAzureRequest(path: string, search: string, headers: IncomingHttpHeaders, options: FakeAzureOptions): AzureGateResult {
  const version = new URLSearchParams(search).get('api-version');
  let operation: string;
  let deployment: string | undefined;
  if (path.startsWith('/openai/deployments/')) {
    const rest = path.slice('/openai/deployments/'.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return refuse(404, '404', 'Resource not found');
    deployment = decodeURIComponent(rest.slice(0, slash));
    operation = rest.slice(slash + 1);
    // Azure has no deployment-scoped Responses URL: the dated form is /openai/responses.
    if (operation.startsWith('responses')) return refuse(404, '404', 'Resource not found');
    if (version === null) return refuse(404, '404', 'Resource not found');
    if (!DATED_VERSION.test(version)) return refuse(400, 'BadRequest', `API version not supported: ${version}`);
  } else if (path === '/openai/responses' || path.startsWith('/openai/responses/')) {
    operation = path.slice('/openai/'.length);
    if (version === null) return refuse(404, '404', 'Resource not found');
    if (!DATED_VERSION.test(version)) return refuse(400, 'BadRequest', `API version not supported: ${version}`);
    if (version < RESPONSES_FIRST_VERSION) return refuse(400, 'BadRequest', `Azure OpenAI Responses API is enabled only for api-version ${RESPONSES_FIRST_VERSION} and later`);
  } else if (path.startsWith('/openai/v1/')) {
    operation = path.slice('/openai/v1/'.length);
    if (version !== null && version !== 'preview' && version !== 'latest') return refuse(400, 'BadRequest', `API version not supported: ${version}`);
  } else return refuse(404, '404', 'Resource not found');
  if (!OPERATIONS.has(operation)) return refuse(404, '404', 'Resource not found');
  const key = headers['api-key'];
  const authorization = headers.authorization;
  const keyOk = options.apiKey !== undefined && key === options.apiKey;
  const tokenOk = typeof authorization === 'string' && authorization.startsWith('Bearer ') && (options.bearerTokens ?? []).includes(authorization.slice('Bearer '.length));
  if (!keyOk && !tokenOk) {
    return refuse(401, '401', 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.');
  }
  return { ok: true, path: `/v1/${operation}`, deployment };
}
