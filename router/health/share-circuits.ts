import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CircuitChange, HealthRegistry } from './health-registry.ts';
import type { RedisConnection } from '../state/redis-connection.ts';

/** How long a circuit entry stays in Redis after its last change: longer than any recovery window. */
const CIRCUITS_TTL_MS = 86_400_000;

type CircuitMessage = CircuitChange & { origin: string };

function parseMessage(text: string): CircuitMessage | undefined {
  try {
    const value = JSON.parse(text) as Partial<CircuitMessage>;
    if (typeof value.deployment !== 'string' || typeof value.origin !== 'string') return undefined;
    if (value.state === 'closed') return { deployment: value.deployment, state: 'closed', origin: value.origin };
    if (value.state === 'open' && typeof value.openedAt === 'number') {
      return { deployment: value.deployment, state: 'open', openedAt: value.openedAt, lastError: typeof value.lastError === 'string' ? value.lastError : undefined, origin: value.origin };
    }
  } catch {
    // Not ours: ignore.
  }
  return undefined;
}

export type SharedCircuits = { close(): Promise<void> };

/**
 * Shares circuit-breaker openings and closings between replicas. A replica that opens (or closes)
 * a deployment's circuit publishes it on `<prefix>circuits` and records it in the `<prefix>circuits`
 * hash; the others apply it to their own HealthRegistry, which routing keeps reading synchronously.
 * Propagation is one pub/sub hop (about a millisecond on a LAN). A replica that was away from Redis
 * (start, reconnect) reads the hash to learn the circuits still open. Latency stays per replica.
 * Without Redis each replica keeps its own circuits, as with the other store kinds.
 */
export async function shareCircuits(health: HealthRegistry, connection: RedisConnection, options: { now: () => number; recoveryMs: () => number }): Promise<SharedCircuits> {
  const origin = randomUUID();
  const channel = connection.key('circuits');
  const hash = connection.key('circuits');
  const client = connection.client;
  // A subscribed connection can run nothing else, so listening takes a second connection.
  const subscriber: Redis = client.duplicate({ enableOfflineQueue: true, lazyConnect: true });
  subscriber.on('error', () => undefined);

  const apply = (text: string) => {
    const message = parseMessage(text);
    if (message === undefined || message.origin === origin) return;
    const { origin: _origin, ...change } = message;
    health.applyShared(change);
  };
  subscriber.on('message', (_channel: string, text: string) => apply(text));

  health.onChange((change) => {
    if (!connection.available) return;
    const text = JSON.stringify({ ...change, origin });
    const pipeline = client.multi();
    if (change.state === 'open') pipeline.hset(hash, change.deployment, text).pexpire(hash, CIRCUITS_TTL_MS);
    else pipeline.hdel(hash, change.deployment);
    pipeline.publish(channel, text);
    connection.bounded(pipeline.exec()).catch((error: unknown) => connection.failed(error));
  });

  /** Circuits opened elsewhere while this replica was not listening, still inside their recovery window. */
  const catchUp = async () => {
    try {
      const entries = await connection.bounded(client.hgetall(hash));
      const now = options.now();
      for (const text of Object.values(entries)) {
        const message = parseMessage(text);
        if (message?.state === 'open' && message.openedAt + options.recoveryMs() > now) apply(text);
      }
    } catch (error) {
      connection.failed(error);
    }
  };
  // On every (re)connect of the listening connection: subscribe (again; Redis ignores a repeat) and
  // read what was missed meanwhile.
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).catch(() => undefined);
    void catchUp();
  });
  connection.onAvailable(() => void catchUp());
  await subscriber.connect().catch(() => undefined);
  await subscriber.subscribe(channel).catch(() => undefined);
  // Serve the first request knowing what the other replicas know.
  if (connection.available) await catchUp();

  return {
    async close() {
      subscriber.disconnect();
    },
  };
}
