import type { AccessToken, TokenCredential } from '@azure/identity';
import { UpstreamError } from '../../errors/upstream-error.ts';

/** Refresh this long before a token expires (unless the credential names its own refresh time). */
const REFRESH_MARGIN_MS = 5 * 60_000;

export type EntraTokenSourceOptions = {
  /** Default: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI…), loaded on first use. */
  credential?: TokenCredential;
  now?: () => number;
};

async function defaultCredential(): Promise<TokenCredential> {
  // Loaded only when a provider authorises with Entra ID: nobody else pays for the SDK.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

/**
 * Microsoft Entra ID bearer tokens for one scope, cached and refreshed before they expire: at the
 * credential's `refreshAfterTimestamp`, else 5 minutes before `expiresOnTimestamp`. Concurrent
 * callers share one refresh; a refresh that fails while the cached token is still valid keeps
 * that token (the next call tries again); with no valid token it is a 401-like UpstreamError, so
 * the executor fails over to the next deployment.
 */
export function createEntraTokenSource(scope: string, options: EntraTokenSourceOptions = {}): () => Promise<string> {
  const now = options.now ?? Date.now;
  let credential: Promise<TokenCredential> | undefined = options.credential === undefined ? undefined : Promise.resolve(options.credential);
  let cached: AccessToken | undefined;
  let refreshing: Promise<AccessToken> | undefined;

  const refreshAt = (token: AccessToken) => token.refreshAfterTimestamp ?? token.expiresOnTimestamp - REFRESH_MARGIN_MS;

  const refresh = async (): Promise<AccessToken> => {
    credential ??= defaultCredential();
    const token = await (await credential).getToken(scope);
    if (token === null) throw new Error('the credential returned no token');
    cached = token;
    return token;
  };

  return async () => {
    const current = cached;
    if (current !== undefined && now() < refreshAt(current)) return current.token;
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    try {
      return (await refreshing).token;
    } catch (error) {
      if (current !== undefined && now() < current.expiresOnTimestamp) return current.token;
      throw new UpstreamError({ kind: 'status', upstreamStatus: 401, reason: `no Entra ID token for ${scope}: ${(error as Error).message.split('\n')[0]?.slice(0, 200) ?? ''}`, cause: error });
    }
  };
}
