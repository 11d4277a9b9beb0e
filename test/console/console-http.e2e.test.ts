import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { ADMIN_TOKEN, PROVIDER_SECRET, consoleConfig, scriptedScorer } from './console-config.ts';

/** Posts the login form; answers the response and the session cookie it set, if any. */
async function login(url: string, token: string): Promise<{ response: Response; cookie: string | undefined }> {
  const response = await fetch(`${url}/ui/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
  const setCookie = response.headers.get('set-cookie') ?? undefined;
  return { response, cookie: setCookie?.split(';')[0] };
}

describe('console: login, session cookie and its JSON API (over HTTP)', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(consoleConfig(upstream), scriptedScorer);
  });
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  it('sends a browser without a session to the login page, and refuses the API', async () => {
    const page = await fetch(`${test.url}/ui`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/ui/login');
    const form = await fetch(`${test.url}/ui/login`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="token"');
    expect(form.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${test.url}/ui/api/admin/stats`);
    expect(api.status).toBe(401);
    const refusal = ((await api.json()) as { error: { code: string; message: string } }).error;
    expect(refusal.code).toBe('unauthorized');
    expect(refusal.message).toContain('/ui/login');
    // A made-up session id is no session.
    expect((await fetch(`${test.url}/ui/api/admin/stats`, { headers: { cookie: 'switchyard_console=forged' } })).status).toBe(401);
  });

  it('refuses a wrong token without a cookie, and a right one sets an HttpOnly SameSite=Strict session', async () => {
    const wrong = await login(test.url, `${ADMIN_TOKEN}x`);
    expect(wrong.response.status).toBe(401);
    expect(wrong.cookie).toBeUndefined();
    expect(await wrong.response.text()).toContain('That is not the admin token.');

    const right = await login(test.url, ADMIN_TOKEN);
    expect(right.response.status).toBe(303);
    expect(right.response.headers.get('location')).toBe('/ui');
    const setCookie = right.response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^switchyard_console=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/ui');
    expect(setCookie).not.toContain(ADMIN_TOKEN);

    const shell = await fetch(`${test.url}/ui`, { headers: { cookie: right.cookie! } });
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('/ui/assets/app.js');
  });

  it('serves the admin views, a window of the audit log and the config through the session, without secrets', async () => {
    const { cookie } = await login(test.url, ADMIN_TOKEN);
    const headers = { cookie: cookie! };
    const { response } = await test.openai.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: 'a short one' }] }).withResponse();
    const requestId = response.headers.get('x-switchyard-request-id');

    const decisions = (await (await fetch(`${test.url}/ui/api/admin/decisions?router=triage`, { headers })).json()) as { decisions: Array<{ requestId: string; rule?: string }> };
    expect(decisions.decisions.map((record) => record.requestId)).toContain(requestId);
    // The same answer as the admin API with the bearer token.
    const direct = (await (await fetch(`${test.url}/admin/decisions?router=triage`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as unknown;
    expect(decisions).toEqual(direct);

    const window = (await (await fetch(`${test.url}/ui/api/window?window=5m`, { headers })).json()) as {
      routers: Array<{ router: string; matches: number }>;
      rules: Array<{ router: string; rule: string; matches: number }>;
      requests: { success: number[] };
      deployments: Array<{ deployment: string; calls: number[] }>;
    };
    expect(window.routers.find((row) => row.router === 'triage')?.matches).toBeGreaterThanOrEqual(1);
    expect(window.rules.find((row) => row.rule === '(default)')?.matches).toBeGreaterThanOrEqual(1);
    expect(window.requests.success.reduce((sum, value) => sum + value, 0)).toBeGreaterThanOrEqual(1);
    expect(window.deployments.find((row) => row.deployment === 'small')?.calls.reduce((sum, value) => sum + value, 0)).toBeGreaterThanOrEqual(1);
    const badWindow = await fetch(`${test.url}/ui/api/window?window=7d`, { headers });
    expect(badWindow.status).toBe(400);

    const configResponse = await fetch(`${test.url}/ui/api/config`, { headers });
    const configText = await configResponse.text();
    expect(configText).not.toContain(PROVIDER_SECRET);
    expect(configText).not.toContain(ADMIN_TOKEN);
    const config = JSON.parse(configText) as { text: string; findings: Array<{ severity: string; line: number; message: string }>; routers: string[] };
    expect(config.text).toContain('[redacted]');
    expect(config.routers).toEqual(['chain', 'triage', 'smart']);
    const shadowed = config.findings.find((finding) => finding.message.includes("rule 'longer' can never match"));
    expect(shadowed?.severity).toBe('warning');
    expect(config.text.split('\n')[shadowed!.line - 1]).toContain('longer');

    expect((await fetch(`${test.url}/ui/api/admin/keys`, { headers })).status).toBe(404);
  });

  it('explains a route: a prompt or a request body, and says what is wrong with bad input', async () => {
    const { cookie } = await login(test.url, ADMIN_TOKEN);
    const post = (body: unknown) => fetch(`${test.url}/ui/api/explain`, { method: 'POST', headers: { cookie: cookie!, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const long = (await (await post({ router: 'triage', prompt: 'word '.repeat(100) })).json()) as { rule: string; targets: string[]; firstDeployment: string };
    expect(long).toMatchObject({ rule: 'long', targets: ['large'], firstDeployment: 'large' });
    const short = (await (await post({ router: 'triage', body: { messages: [{ role: 'user', content: 'hi' }] } })).json()) as { rule?: string; firstDeployment: string };
    expect(short.firstDeployment).toBe('small');
    expect(short.rule).toBeUndefined();

    const smart = (await (await post({ router: 'smart', prompt: 'which one?', axis: 'quality' })).json()) as { complexity: number; detail: { axis: string; candidates: Array<{ name: string; score: number }> } };
    expect(smart.complexity).toBe(0.25);
    expect(smart.detail.axis).toBe('quality');
    expect(smart.detail.candidates.map((candidate) => candidate.name).sort()).toEqual(['large', 'small']);

    const guarded = (await (await post({ router: 'chain', prompt: 'tell me about Project Falcon' })).json()) as { guardrails: Array<{ guardrail: string; action: string; matches: number }> };
    expect(guarded.guardrails).toEqual([expect.objectContaining({ guardrail: 'codename', action: 'warn', matches: 1 })]);

    const unknown = await post({ router: 'nope', prompt: 'x' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("no router 'nope'");
    expect((await post({ router: 'triage', body: { messages: 'no' } })).status).toBe(400);
    expect((await post({ router: 'triage' })).status).toBe(400);
  });

  it('logs out: the session is gone and the cookie cleared', async () => {
    const { cookie } = await login(test.url, ADMIN_TOKEN);
    expect((await fetch(`${test.url}/ui/api/admin/health`, { headers: { cookie: cookie! } })).status).toBe(200);
    const logout = await fetch(`${test.url}/ui/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie! } });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe('/ui/login');
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await fetch(`${test.url}/ui/api/admin/health`, { headers: { cookie: cookie! } })).status).toBe(401);
  });

  it('serves its static files (no CDN), and nothing outside them', async () => {
    const script = await fetch(`${test.url}/ui/assets/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${test.url}/ui/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${test.url}/ui/assets/index.html`)).status).toBe(404);
  });
});

describe('console without server.admin_token', () => {
  it('is off: the login says how to turn it on and accepts nothing', async () => {
    const upstream = await startFakeUpstream();
    const test = await startTestGateway(consoleConfig(upstream).replace(`server: { admin_token: "${ADMIN_TOKEN}" }`, ''), scriptedScorer);
    try {
      expect(await (await fetch(`${test.url}/ui/login`)).text()).toContain('set server.admin_token');
      const { response, cookie } = await login(test.url, '');
      expect(response.status).toBe(404);
      expect(cookie).toBeUndefined();
      expect((await fetch(`${test.url}/ui/api/admin/stats`)).status).toBe(401);
    } finally {
      await test.close();
      await upstream.close();
    }
  });
});

describe('console login throttle', () => {
  it('refuses logins for a while after 20 failures in a minute, the right token included', async () => {
    const upstream = await startFakeUpstream();
    const test = await startTestGateway(consoleConfig(upstream), scriptedScorer);
    try {
      for (let attempt = 0; attempt < 20; attempt++) expect((await login(test.url, `guess-${attempt}`)).response.status).toBe(401);
      const { response, cookie } = await login(test.url, ADMIN_TOKEN);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await response.text()).toContain('Too many failed logins');
      expect(cookie).toBeUndefined();
      // The admin API's bearer token is not throttled.
      expect((await fetch(`${test.url}/admin/stats`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    } finally {
      await test.close();
      await upstream.close();
    }
  });
});
