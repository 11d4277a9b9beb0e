import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { carriedJson } from '../carry/carried-json.ts';
import { mergeProtocolHeaders } from '../carry/merge-protocol-headers.ts';
import type { CarriedRequest } from '../provider-adapter.ts';
import { createUpstreamPool } from './create-upstream-pool.ts';
import { postJson, type HttpCall, type UpstreamErrorFactory } from './post-json.ts';
import { providerHeaders } from './provider-headers.ts';
import type { UpstreamAccess } from './upstream-access.ts';

/** A chat or embeddings call, as far as the HTTP layer reads it. */
export type JsonUpstreamCall = HttpCall & { providerModel: string; carried?: CarriedRequest | undefined };

export type JsonUpstreamOptions = {
  /**
   * Where calls go; `path` unless a call names its own (`:streamGenerateContent`, `/responses/compact`,
   * an Azure deployment's). Absent when every call goes through `access`.
   */
  endpoint?: { origin: string; path?: string };
  /** The wire's own headers besides `content-type` (`anthropic-version`). */
  own?: Readonly<Record<string, string>>;
  /** How the provider's key becomes a header (`x-api-key`, `Authorization: Bearer`). */
  credential?: (apiKey: string) => Record<string, string>;
  /** The provider's error from a non-2xx answer. */
  createError: UpstreamErrorFactory;
  /** Another way to reach the API (Vertex AI: its URL, token and body shape). */
  access?: UpstreamAccess | undefined;
};

/**
 * What every HTTP-JSON adapter holds the same way: one connection pool, its endpoint, the request
 * headers by the one rule (providerHeaders: the wire's, the key's credential, the configured ones,
 * which win), a carried call's protocol headers merged in, and a POST that turns a non-2xx answer
 * into the provider's error. The adapter keeps only what its wire does differently.
 */
export class JsonUpstream {
  readonly headers: Record<string, string>;
  readonly #pool: Dispatcher;
  readonly #endpoint: { origin: string; path?: string } | undefined;
  readonly #configuredHeaders: Readonly<Record<string, string>>;
  readonly #createError: UpstreamErrorFactory;
  readonly #access: UpstreamAccess | undefined;

  constructor(settings: ProviderSettings, options: JsonUpstreamOptions) {
    const credential = settings.apiKey === undefined || options.credential === undefined ? undefined : options.credential(settings.apiKey.reveal());
    this.headers = providerHeaders({ 'content-type': 'application/json', ...options.own }, credential, settings.headers);
    this.#configuredHeaders = settings.headers;
    this.#endpoint = options.endpoint;
    this.#createError = options.createError;
    this.#access = options.access;
    this.#pool = createUpstreamPool(settings.maxConnections);
  }

  /** The headers of one call: with a carried body, the client's protocol headers merged in (the operator's still win). */
  headersFor(call: JsonUpstreamCall): Record<string, string> {
    return call.carried === undefined ? this.headers : mergeProtocolHeaders(this.headers, this.#configuredHeaders, call.carried.headers);
  }

  /**
   * POSTs `body` for `call`, to the endpoint (or `options.path` on its origin), or through the
   * account's access. `options.headers` are the call's own (default headersFor), `extraHeaders`
   * per-call credentials that win over them (a refreshed bearer token).
   */
  async post(
    call: JsonUpstreamCall,
    body: Record<string, unknown>,
    options: { path?: string; stream?: boolean; headers?: Record<string, string>; extraHeaders?: Readonly<Record<string, string>> | undefined } = {},
  ): Promise<Dispatcher.ResponseData> {
    const base = options.headers ?? this.headersFor(call);
    const headers = options.extraHeaders === undefined ? base : { ...base, ...options.extraHeaders };
    const access = this.#access;
    if (access === undefined) {
      const path = options.path ?? this.#endpoint?.path;
      if (this.#endpoint === undefined || path === undefined) throw new Error('JsonUpstream.post: no endpoint for this call');
      // A carried body goes as the client's own bytes where the gateway left it alone (carried-json.ts).
      return postJson({ pool: this.#pool, origin: this.#endpoint.origin, path, headers }, call.carried === undefined ? body : carriedJson(body, call.carried), call, this.#createError);
    }
    const target = access.target(call.providerModel, options.stream ?? body.stream === true);
    return postJson({ pool: this.#pool, ...target, headers: { ...headers, ...(await access.headers()) } }, access.body === undefined ? body : access.body(body), call, this.#createError);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** A URL's origin and path (with its query), as undici's pool wants them. */
export function endpointOf(url: URL): { origin: string; path: string } {
  return { origin: url.origin, path: url.pathname + url.search };
}
