import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { keyAccountName, projectAccountName } from '../governance/caller-limits.ts';
import { describeVirtualKey } from '../governance/virtual-key.ts';
import type { VirtualKeys } from '../governance/virtual-keys.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';

function keysOf(services: GatewayServices): VirtualKeys {
  if (services.keys === undefined) throw new GatewayError('not_found', 'Virtual keys are not available on this gateway.');
  return services.keys;
}

/**
 * `/admin/keys`: create (the secret is in this one answer, never again), list, rotate and revoke
 * virtual keys. Registered inside the admin scope, so the admin token guards them.
 */
export function registerKeyRoutes(admin: FastifyInstance, services: GatewayServices): void {
  const now = () => (services.now ?? Date.now)();
  admin.get('/admin/keys', async () => ({ keys: (await keysOf(services).list()).map((record) => describeVirtualKey(record, now())) }));
  admin.post('/admin/keys', async (request, reply) => {
    const issued = await keysOf(services).create(request.body);
    return reply.status(201).send({ key: issued.key, ...describeVirtualKey(issued.record, now()) });
  });
  admin.post<{ Params: { id: string } }>('/admin/keys/:id/rotate', async (request) => {
    const issued = await keysOf(services).rotate(request.params.id);
    return { key: issued.key, ...describeVirtualKey(issued.record, now()) };
  });
  admin.post<{ Params: { id: string } }>('/admin/keys/:id/revoke', async (request) => describeVirtualKey(await keysOf(services).revoke(request.params.id), now()));
  admin.delete<{ Params: { id: string } }>('/admin/keys/:id', async (request) => describeVirtualKey(await keysOf(services).revoke(request.params.id), now()));
  admin.get<{ Querystring: { project?: string } }>('/admin/usage', async (request) => usageView(services, request.query.project, now()));
}

/**
 * `GET /admin/usage[?project=NAME]`: every project's and key's live counters (this minute's
 * requests and tokens against rpm/tpm, this month's spend against the budget), keys with their
 * state and expiry. With a shared store the windows and spend are every replica's.
 */
async function usageView(services: GatewayServices, only: string | undefined, at: number) {
  const limits = services.callerLimits;
  if (limits === undefined) throw new GatewayError('not_found', 'Key and project counters are not available on this gateway.');
  const config = services.holder.current.config;
  if (only !== undefined && !config.projects.has(only)) throw new InvalidRequestError(`project: unknown project '${only}' (known: ${[...config.projects.keys()].join(', ') || 'none'})`, 'project');
  const inScope = (project: string | undefined) => only === undefined || project === only;
  const projects = await Promise.all(
    [...config.projects.values()].filter((project) => inScope(project.name)).map(async (project) => ({ project: project.name, ...(await limits.usage(projectAccountName(project.name), project)) })),
  );
  const virtual = (await (services.keys?.list() ?? Promise.resolve([]))).filter((record) => inScope(record.project));
  const keys = await Promise.all([
    ...virtual.map(async (record) => {
      const { state } = describeVirtualKey(record, at);
      return {
        id: record.id,
        name: record.name,
        project: record.project,
        kind: 'virtual',
        state,
        expires_at: record.expiresAt === undefined ? null : new Date(record.expiresAt).toISOString(),
        ...(await limits.usage(keyAccountName(record.id), { limits: record.limits, budget: record.budget })),
      };
    }),
    ...(config.apiKeys ?? [])
      .filter((entry) => inScope(entry.project))
      .map(async (entry) => ({
        id: `static:${entry.name}`,
        name: entry.name,
        project: entry.project ?? null,
        kind: 'static',
        state: 'active',
        expires_at: null,
        ...(await limits.usage(keyAccountName(`static:${entry.name}`), { limits: undefined, budget: undefined })),
      })),
  ]);
  return { month: limits.spend.month, projects, keys };
}
