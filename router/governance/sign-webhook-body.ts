import { createHmac } from 'node:crypto';

/** The `x-switchyard-signature` value of a webhook body: `sha256=` + hex HMAC-SHA256 of the exact bytes sent. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
