import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/gateway-error.ts';
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
}
