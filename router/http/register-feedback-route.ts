import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { StoreUnavailableError } from '../errors/store-unavailable-error.ts';
import { openAIChatCodec } from '../formats/openai-chat/openai-chat-codec.ts';
import { mayLabelRequest } from '../learning/labels/feedback-access.ts';
import { parseFeedbackBody } from '../learning/labels/feedback-body.ts';
import type { Label } from '../learning/labels/label.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { isOutage } from '../state/postgres-connection.ts';
import { requireApiKey } from './request-headers.ts';

/**
 * `POST /v1/feedback` `{ request_id, score | thumbs, comment? }`: a client's quality label for a
 * request it made, stored against the audit row's serving deployment (router/learning). Keys as on
 * every /v1 route; errors in OpenAI's shape: 400 bad body, 401 key, 403 `request_not_visible`
 * (another key's request outside the caller's project), 404 `request_not_found`, 503
 * `store_unavailable` while the postgres store is away.
 */
export function registerFeedbackRoute(app: FastifyInstance, services: GatewayServices): void {
  app.post('/v1/feedback', { config: { codec: openAIChatCodec } }, async (request, reply) => {
    const caller = await requireApiKey(services, request.headers);
    const feedback = parseFeedbackBody(request.body);
    const { audit, labels } = services;
    if (audit === undefined || labels === undefined) throw new GatewayError('not_found', 'Feedback needs the audit log, and audit.enabled is false on this gateway.');
    const record = await fromStore(labels.kind, () => audit.get(feedback.requestId));
    if (record === undefined) throw new GatewayError('request_not_found', `No request '${feedback.requestId}' in the audit log (unknown, or older than audit.retention_days).`, { param: 'request_id' });
    if (!mayLabelRequest(caller, record)) throw new GatewayError('request_not_visible', `Request '${feedback.requestId}' was made with another key, outside this key's project.`, { param: 'request_id' });
    if (record.deployment === undefined || record.status !== 'success') throw new InvalidRequestError(`Request '${feedback.requestId}' was not served by a model (it ended in ${record.errorCode ?? record.status}): there is no answer to label.`, 'request_id');
    const label: Label = {
      requestId: record.requestId,
      at: (services.now ?? Date.now)(),
      source: 'feedback',
      model: record.deployment,
      score: feedback.score,
      rater: caller?.keyId ?? '',
    };
    const router = record.routerPath.at(-1) ?? record.router;
    if (router !== undefined) label.router = router;
    if (caller !== undefined) label.caller = caller.name;
    if (caller?.project !== undefined) label.project = caller.project.name;
    if (feedback.comment !== undefined) label.comment = services.redactor.redact(feedback.comment);
    await fromStore(labels.kind, () => labels.put(label));
    void reply.header('x-switchyard-request-id', request.id);
    return { object: 'feedback', request_id: label.requestId, model: label.model, score: label.score, source: 'feedback' };
  });
}

/** A shared store that is away is a 503 `store_unavailable` (retryable), not a 500. */
async function fromStore<T>(kind: 'memory' | 'sqlite' | 'postgres', operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (kind === 'postgres' && isOutage(error)) throw new StoreUnavailableError('postgres', error);
    throw error;
  }
}
