import type { ProviderSettings } from '../../config/compiled-config.ts';
import type { OpenAIEndpoint } from '../openai/openai-endpoint.ts';
import type { ResponsesApiEndpoint } from '../openai-responses/openai-responses-adapter.ts';
import { createEntraTokenSource, type EntraTokenSourceOptions } from './entra-token-source.ts';
import { providerHeaders } from '../http/provider-headers.ts';

/**
 * Azure OpenAI on the OpenAI wire. URLs, by `api_version`:
 * - `v1` (default): `{endpoint}/openai/v1/{operation}`; the deployment name goes in the body's `model`.
 * - `preview`: the same with `?api-version=preview`.
 * - a date (`2024-10-21`): the classic `{endpoint}/openai/deployments/{deployment}/{operation}?api-version={date}`.
 * The deployment is the model's provider model id. Authorised by the `api-key` header, or by an
 * Entra ID bearer token (refreshed before it expires).
 */
export function azureOpenAIEndpointOf(settings: ProviderSettings, entra: EntraTokenSourceOptions = {}): OpenAIEndpoint {
  const azure = settings.azure;
  if (azure === undefined) throw new Error(`provider '${settings.name}' has no azure settings`);
  const base = new URL(azure.endpoint);
  const root = `${base.pathname.replace(/\/+$/, '')}/openai`;
  const version = encodeURIComponent(azure.apiVersion);
  const pathFor =
    azure.apiVersion === 'v1'
      ? (operation: string) => `${root}/v1/${operation}`
      : azure.apiVersion === 'preview'
        ? (operation: string) => `${root}/v1/${operation}?api-version=preview`
        : (operation: string, deployment: string) => `${root}/deployments/${encodeURIComponent(deployment)}/${operation}?api-version=${version}`;
  const headers = providerHeaders({}, settings.apiKey === undefined ? undefined : { 'api-key': settings.apiKey.reveal() }, settings.headers);
  const endpoint: OpenAIEndpoint = { origin: base.origin, pathFor, headers };
  if (azure.entraScope !== undefined) {
    const token = createEntraTokenSource(azure.entraScope, entra);
    endpoint.authorize = async () => ({ authorization: `Bearer ${await token()}` });
  }
  return endpoint;
}

/**
 * Azure OpenAI's Responses API (the deployment in the body's `model`): on `v1`
 * `{endpoint}/openai/v1/responses[/…]`, on `preview` the same with `?api-version=preview`, on a
 * dated version (2025-03-01-preview or later) `{endpoint}/openai/responses[/…]?api-version={date}`
 * — Azure has no deployment-scoped Responses URL. The credentials are the Chat endpoint's.
 */
export function azureOpenAIResponsesEndpointOf(settings: ProviderSettings, entra: EntraTokenSourceOptions = {}): ResponsesApiEndpoint {
  const chat = azureOpenAIEndpointOf(settings, entra);
  const azure = settings.azure!;
  const root = `${new URL(azure.endpoint).pathname.replace(/\/+$/, '')}/openai`;
  const dated = azure.apiVersion !== 'v1' && azure.apiVersion !== 'preview';
  const query = azure.apiVersion === 'v1' ? '' : `?api-version=${encodeURIComponent(azure.apiVersion)}`;
  const endpoint: ResponsesApiEndpoint = {
    origin: chat.origin,
    pathFor: (sub) => `${root}${dated ? '' : '/v1'}/responses${sub === undefined ? '' : `/${sub}`}${query}`,
    headers: chat.headers,
  };
  if (chat.authorize !== undefined) endpoint.authorize = chat.authorize;
  return endpoint;
}
