import type { CompiledConfig } from './compiled-config.ts';
import { Secret } from './secret.ts';

/** Header and query parameter names that hold credentials (`authorization`, `x-api-key`, `?key=`…). */
const SECRET_NAME = /auth|key|token|secret|password|passwd|credential|cookie/i;

/** Environment variables that hold credentials, by a word of their name (`OPENAI_API_KEY`, `ADMIN_TOKEN`, `PGPASSWORD`). */
const SECRET_VARIABLE = /(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PGPASSWORD|PASSWD|CREDENTIALS?)(?:$|_)/i;

/** npm's own (`npm_package_keywords_0`, `npm_config_…`): package metadata, not credentials. */
const NPM_VARIABLE = /^npm_/i;

/** Every Secret anywhere in the compiled config (provider keys, store URLs, the webhook secret…), whatever adds one next. */
function collectSecrets(value: unknown, found: string[], seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Secret) {
    found.push(value.reveal());
    return;
  }
  const items = value instanceof Map ? value.values() : Array.isArray(value) ? value.values() : Object.values(value);
  for (const item of items) collectSecrets(item, found, seen);
}

/** A URL's password and credential-named query values (`https://u:p@host`, `?key=…`), decoded and as written. */
function secretsOfUrl(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [];
  }
  const found = [url.password, decodeURIComponentSafe(url.password)];
  for (const [name, value] of url.searchParams) if (SECRET_NAME.test(name)) found.push(value);
  return found.filter((value) => value !== '');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The secret values a gateway must never show: every Secret of the config (and the passwords in its
 * URLs), the admin token, `server.api_keys`, credential-named provider headers and base URL
 * credentials, and credential-named environment variables.
 */
export function collectSecretValues(config: CompiledConfig, environment: Readonly<Record<string, string | undefined>> = {}): string[] {
  const found: string[] = [];
  collectSecrets(config, found, new Set());
  for (const secret of [...found]) found.push(...secretsOfUrl(secret));
  if (config.server.admin_token !== undefined) found.push(config.server.admin_token);
  for (const entry of config.server.api_keys ?? []) found.push(entry.key);
  for (const provider of config.providers.values()) {
    for (const [name, value] of Object.entries(provider.headers)) if (SECRET_NAME.test(name)) found.push(value, value.replace(/^bearer\s+/i, ''));
    if (provider.baseUrl !== undefined) found.push(...secretsOfUrl(provider.baseUrl));
  }
  for (const [name, value] of Object.entries(environment)) if (value !== undefined && SECRET_VARIABLE.test(name) && !NPM_VARIABLE.test(name)) found.push(value);
  return [...new Set(found)];
}
