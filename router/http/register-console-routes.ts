import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CachedWindowSummaries } from '../console/cached-window-summaries.ts';
import { loadConsoleAssets } from '../console/console-assets.ts';
import { ConsoleSessions } from '../console/console-sessions.ts';
import { LoginThrottle } from '../console/login-throttle.ts';
import { readConfigView } from '../console/read-config-view.ts';
import { CONSOLE_WINDOWS, summarizeWindow } from '../console/summarize-window.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { explainInputFrom, explainRoute } from '../explain/explain-route.ts';
import { secretsEqual } from '../governance/digest-secret.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';

const COOKIE = 'switchyard_console';
/** The JSON admin endpoints the console reads, served to its session instead of the bearer token. */
const ADMIN_VIEWS: ReadonlySet<string> = new Set(['decisions', 'stats', 'health', 'limits', 'usage', 'spend', 'config', 'store']);
/** Nothing but our own files: no inline script, no other origin, no framing. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function sessionId(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${COOKIE}=${value}; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The web console at `/ui` (README "Console"): static pages over the admin API, behind a login with
 * `server.admin_token` that sets an HttpOnly, SameSite=Strict session cookie. Its JSON lives under
 * `/ui/api/`: the admin views themselves (answered by the admin routes, so both say the same), stats
 * over a window of the audit log, the explain playground and the config with its check findings.
 */
export function registerConsoleRoutes(app: FastifyInstance, services: GatewayServices): void {
  const assets = loadConsoleAssets();
  const now = services.now ?? Date.now;
  const sessions = new ConsoleSessions(now);
  const throttle = new LoginThrottle(now);
  const windows = new CachedWindowSummaries(async (window, until) => {
    if (services.audit === undefined) throw new GatewayError('not_found', 'The audit log is off (`audit.enabled: false`); the console reads its windows from it.');
    const records = await services.audit.scan({ since: until - (CONSOLE_WINDOWS[window] ?? 0), until });
    return services.redactor.redactDeep(summarizeWindow(records, window, until));
  }, now);
  const adminToken = () => services.holder.current.config.server.admin_token;
  const loggedIn = (request: FastifyRequest) => adminToken() !== undefined && sessions.touch(sessionId(request));

  const page = (reply: FastifyReply, status: number, file: string, message = '') => {
    const html = assets.get(file)?.body.toString('utf8') ?? '';
    return reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html.replace('<!--message-->', message === '' ? '' : `<p class="message" role="alert">${escapeHtml(message)}</p>`));
  };
  const loginPage = (reply: FastifyReply, status: number, message?: string) =>
    page(reply, status, 'login.html', message ?? (adminToken() === undefined ? 'The console is off: set server.admin_token in the config to use it.' : ''));

  app.register(async (ui) => {
    ui.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    ui.get('/ui', async (request, reply) => (loggedIn(request) ? page(reply, 200, 'index.html') : reply.redirect('/ui/login', 303)));
    ui.get('/ui/', async (_request, reply) => reply.redirect('/ui', 303));
    ui.get('/ui/login', async (request, reply) => (loggedIn(request) ? reply.redirect('/ui', 303) : loginPage(reply, 200)));
    ui.post<{ Body: Record<string, string | undefined> | undefined }>('/ui/login', async (request, reply) => {
      const token = adminToken();
      if (token === undefined) return loginPage(reply, 404);
      const wait = throttle.waitSeconds();
      if (wait > 0) return loginPage(reply.header('retry-after', String(wait)), 429, `Too many failed logins: try again in ${wait} s.`);
      // Compared by digest in constant time, like the admin API's bearer token.
      if (!secretsEqual(request.body?.token ?? '', token)) {
        throttle.failed();
        return loginPage(reply, 401, 'That is not the admin token.');
      }
      sessions.revoke(sessionId(request));
      return reply.header('set-cookie', cookie(request, sessions.create(), sessions.ttlMs / 1000)).redirect('/ui', 303);
    });
    ui.post('/ui/logout', async (request, reply) => {
      sessions.revoke(sessionId(request));
      return reply.header('set-cookie', cookie(request, '', 0)).redirect('/ui/login', 303);
    });
    ui.get<{ Params: { '*': string } }>('/ui/assets/*', async (request, reply) => {
      const asset = assets.get(request.params['*']);
      if (asset === undefined || asset.contentType.startsWith('text/html')) throw new GatewayError('not_found', `No console asset ${request.params['*']}.`);
      return reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).type(asset.contentType).send(asset.body);
    });

    ui.register(async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        if (!loggedIn(request)) throw new GatewayError('unauthorized', 'The console API needs a console session: log in at /ui/login.');
        void reply.header('cache-control', 'no-store');
      });
      // The admin routes answer, with the admin token the session stands for: one implementation, one truth.
      api.get<{ Params: { view: string } }>('/ui/api/admin/:view', async (request, reply) => {
        if (!ADMIN_VIEWS.has(request.params.view)) throw new GatewayError('not_found', `No console view ${request.params.view}.`);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const token = adminToken();
        const answer = await app.inject({ method: 'GET', url: `/admin/${request.params.view}${query}`, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
        return reply.status(answer.statusCode).type('application/json; charset=utf-8').send(answer.body);
      });
      api.get<{ Querystring: { window?: string } }>('/ui/api/window', async (request) => {
        const window = request.query.window ?? '1h';
        if (CONSOLE_WINDOWS[window] === undefined) throw new InvalidRequestError(`window must be one of ${Object.keys(CONSOLE_WINDOWS).join(', ')}`, 'window');
        return windows.get(window);
      });
      api.post<{ Body: { router?: unknown; prompt?: unknown; body?: unknown; axis?: unknown } | undefined }>('/ui/api/explain', async (request) => {
        const { router, prompt, body, axis } = request.body ?? {};
        if (typeof router !== 'string' || router === '') throw new InvalidRequestError('router: name the router to explain', 'router');
        if (typeof prompt !== 'string' && body === undefined) throw new InvalidRequestError('give a prompt (a string) or a body (an OpenAI Chat Completions request)', 'prompt');
        if (axis !== undefined && typeof axis !== 'string') throw new InvalidRequestError('axis must be a string', 'axis');
        const { config } = services.holder.current;
        const { request: chatRequest, embedding, inputTokens } = explainInputFrom(typeof prompt === 'string' ? { prompt } : { body }, router);
        const explanation = await explainRoute(config, router, chatRequest, { scorer: services.scorer, axis, random: services.environment.random, embedding, ...(inputTokens === undefined ? {} : { inputTokens }) });
        return services.redactor.redactDeep(explanation);
      });
      api.get('/ui/api/config', async () => {
        const { config } = services.holder.current;
        const view = await readConfigView(config, process.env, (text) => services.redactor.redact(text));
        return { ...view, generation: services.holder.generation, routers: [...config.routers.keys()] };
      });
    });
  });
}
