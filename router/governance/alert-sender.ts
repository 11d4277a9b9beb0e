import type { AlertSettings } from '../config/compiled-config.ts';
import { describeAlert, type GovernanceAlert } from './governance-alert.ts';
import { signWebhookBody } from './sign-webhook-body.ts';

export type AlertLog = { warn(details: object, message: string): void };

export type AlertSenderOptions = {
  /** The alert settings of the config serving now (they reload). */
  settings: () => AlertSettings;
  log: AlertLog;
  fetch?: typeof fetch;
  now?: () => number;
  newId: () => string;
  /** Waits before a retry (injected: tests need no real backoff). */
  sleep?: (ms: number) => Promise<void>;
};

type Delivery = { id: string; body: string; attempt: number };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Alerts to the log at once and, when `alerts.webhook` is set, to the webhook: one JSON POST per
 * alert, signed (`x-switchyard-signature: sha256=<HMAC-SHA256 of the body>`, keyed by
 * `webhook.secret`), with `x-switchyard-alert-id` for deduplication. Deliveries run one at a time
 * in the background from a bounded queue; a failure (connection error, timeout, non-2xx) is
 * retried up to `retries` times with exponential backoff from `backoff_ms`, then logged and
 * dropped. `send` never waits and never throws, so a dead receiver never slows a request.
 */
export class AlertSender {
  readonly #options: AlertSenderOptions;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #queue: Delivery[] = [];
  #running: Promise<void> | undefined;
  #closed = false;
  /** Counters for /admin/alerts and tests. */
  readonly counts = { sent: 0, delivered: 0, retried: 0, failed: 0, dropped: 0 };

  constructor(options: AlertSenderOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  send(alert: GovernanceAlert): void {
    this.counts.sent++;
    this.#options.log.warn({ alert }, describeAlert(alert));
    const webhook = this.#options.settings().webhook;
    if (webhook === undefined || this.#closed) return;
    const id = this.#options.newId();
    const body = JSON.stringify({ id, at: new Date((this.#options.now ?? Date.now)()).toISOString(), ...alert });
    if (this.#queue.length >= webhook.maxQueue) {
      this.#queue.shift();
      this.counts.dropped++;
      this.#options.log.warn({ max_queue: webhook.maxQueue }, 'alert webhook queue full: the oldest alert was dropped');
    }
    this.#queue.push({ id, body, attempt: 0 });
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  async #drain(): Promise<void> {
    for (let delivery = this.#queue.shift(); delivery !== undefined; delivery = this.#queue.shift()) await this.#deliver(delivery);
  }

  async #deliver(delivery: Delivery): Promise<void> {
    for (;;) {
      const webhook = this.#options.settings().webhook;
      if (webhook === undefined) return;
      let failure: string;
      try {
        const response = await this.#fetch(webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'switchyard-alerts',
            'x-switchyard-alert-id': delivery.id,
            'x-switchyard-signature': signWebhookBody(delivery.body, webhook.secret.reveal()),
          },
          body: delivery.body,
          signal: AbortSignal.timeout(webhook.timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) {
          this.counts.delivered++;
          return;
        }
        failure = `status ${response.status}`;
      } catch (error) {
        failure = (error as Error).name === 'TimeoutError' ? `timeout after ${webhook.timeoutMs} ms` : (error as Error).message;
      }
      if (delivery.attempt >= webhook.retries || this.#closed) {
        this.counts.failed++;
        this.#options.log.warn({ alert_id: delivery.id, attempts: delivery.attempt + 1, error: failure }, 'alert webhook delivery failed; the alert stays in the log only');
        return;
      }
      this.counts.retried++;
      await this.#sleep(webhook.backoffMs * 2 ** delivery.attempt);
      delivery.attempt++;
    }
  }

  /** Resolves once every queued alert was delivered or given up (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
  }
}
