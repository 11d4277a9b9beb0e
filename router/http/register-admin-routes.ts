import type { FastifyInstance } from 'fastify';
import { parseAuditFilter } from '../audit/parse-audit-filter.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { secretsEqual } from '../governance/digest-secret.ts';
import { registerKeyRoutes } from './register-key-routes.ts';
import { registerSpendRoute } from './register-spend-route.ts';
import type { StoreStatus } from '../state/store-status.ts';

/** Live state for operators. Guarded by `server.admin_token` when one is set. */
export function registerAdminRoutes(app: FastifyInstance, services: GatewayServices): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (request) => {
      const token = services.holder.current.config.server.admin_token;
      // Compared by digest in constant time: the answer's timing says nothing of the token.
      if (token !== undefined && !secretsEqual(request.headers.authorization ?? '', `Bearer ${token}`)) {
        throw new GatewayError('unauthorized', 'The admin API needs `Authorization: Bearer <server.admin_token>`.');
      }
    });
    admin.get('/admin/health', async () => ({
      deployments: services.redactor.redactDeep(services.health.snapshot()),
      probes: services.redactor.redactDeep(services.probes?.statuses() ?? []),
    }));
    admin.get('/admin/config', async () => {
      const { config } = services.holder.current;
      return {
        file: config.file,
        hash: config.hash,
        generation: services.holder.generation,
        routers: [...config.routers.values()].map((router) => ({ name: router.name, strategy: router.strategy, description: router.description })),
        models: [...config.deployments.values()].map((model) => ({ name: model.name, provider: model.provider.name, model: model.providerModel })),
        providers: [...config.providers.values()].map((provider) => ({ name: provider.name, type: provider.type, base_url: provider.baseUrl })),
      };
    });
    admin.get('/admin/limits', async () => services.limits?.snapshot() ?? { month: null, providers: [] });
    admin.get('/admin/store', async () => {
      const status = services.storeStatus?.();
      if (status === undefined) return { kind: services.holder.current.config.store.kind, shared: false };
      const describe = (store: StoreStatus) => ({
        kind: store.kind,
        shared: true,
        target: store.target,
        available: store.available,
        since: new Date(store.since).toISOString(),
        outages: store.outages,
        fallback_admissions: store.fallbacks,
        last_error: store.lastError === undefined ? null : services.redactor.redact(store.lastError),
        ...(store.schemaVersion === undefined ? {} : { schema_version: store.schemaVersion }),
        ...(store.audit === undefined ? {} : { audit: store.audit }),
        ...(store.unsyncedSpendUsd === undefined ? {} : { unsynced_spend_usd: store.unsyncedSpendUsd }),
      });
      return { ...describe(status), ...(status.redis === undefined ? {} : { redis: describe(status.redis) }) };
    });
    admin.get('/admin/stats', async () => services.stats?.snapshot() ?? { since: null, routers: [], rules: [] });
    admin.get<{ Querystring: Record<string, string | undefined> }>('/admin/decisions', async (request) => {
      if (services.audit === undefined) throw new GatewayError('not_found', 'The audit log is off (`audit.enabled: false`).');
      const filter = parseAuditFilter(request.query);
      // Rows written by another replica or an older version are redacted again on the way out.
      return { store: services.audit.kind, decisions: services.redactor.redactDeep(await services.audit.query(filter)) };
    });
    registerKeyRoutes(admin, services);
    registerSpendRoute(admin, services);
    admin.get('/admin/learned', async () => ({ active: services.learned?.status() ?? [] }));
    admin.post('/admin/learned/check', async () => {
      if (services.rollbackChecks === undefined) throw new GatewayError('not_found', 'This gateway keeps no labels to check learned routers with.');
      return { verdicts: await services.rollbackChecks.runOnce() };
    });
    admin.post('/admin/reload', async (_request, reply) => {
      if (services.reload === undefined) throw new GatewayError('not_found', 'This gateway was started without a config file to reload.');
      const outcome = await services.reload();
      return reply.status(outcome.ok ? 200 : 400).send(outcome);
    });
  });
}
