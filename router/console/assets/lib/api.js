// The console's one door to the gateway: same-origin JSON with the session cookie. A lost session
// (expired, logged out elsewhere, gateway restarted) sends the browser back to the login page.

export class ApiError extends Error {}

async function call(path, init) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) }, ...init });
  if (response.status === 401) {
    window.location.assign('/ui/login');
    throw new ApiError('Your console session ended: log in again.');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body?.error?.message ?? `${path}: HTTP ${response.status}`);
  return body;
}

export const api = {
  /** GET /admin/<view> through the session (decisions, stats, health, limits, usage, spend, config, store). */
  admin: (view, query = {}) => call(`/ui/api/admin/${view}${queryString(query)}`),
  window: (window) => call(`/ui/api/window${queryString({ window })}`),
  explain: (input) => call('/ui/api/explain', { method: 'POST', body: JSON.stringify(input) }),
  config: () => call('/ui/api/config'),
};

function queryString(query) {
  const entries = Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}
