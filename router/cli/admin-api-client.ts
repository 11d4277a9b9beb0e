/** Where a CLI command finds the gateway's admin API, and how it authenticates. */
export type AdminTarget = { url: string; token: string | undefined };

export type CommandIo = {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  environment: Readonly<Record<string, string | undefined>>;
};

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr, environment: process.env };

/** `--url` (else `$SWITCHYARD_URL`, else http://127.0.0.1:4000) and `--admin-token` (else `$SWITCHYARD_ADMIN_TOKEN`). */
export function adminTarget(values: { url?: string | undefined; 'admin-token'?: string | undefined }, environment: CommandIo['environment']): AdminTarget {
  const url = (values.url ?? environment.SWITCHYARD_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
  return { url, token: values['admin-token'] ?? environment.SWITCHYARD_ADMIN_TOKEN };
}

/** One admin API call; a non-2xx answer throws with the gateway's own error message. */
export async function callAdminApi(target: AdminTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    throw new Error(`cannot reach the gateway at ${target.url}: ${(error as Error).message}`, { cause: error });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? text;
    throw new Error(`${response.status}: ${message}`);
  }
  return parsed;
}
