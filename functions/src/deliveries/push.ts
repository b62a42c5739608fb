/**
 * Web push with the `web-push` library: it encrypts the message for the
 * browser (RFC 8291) and signs the request with our VAPID key (RFC 8292); the
 * request itself goes out through the guarded client, since a subscription's
 * endpoint comes from the browser and is checked like any webhook address.
 */
import { FailedPreconditionError } from '@agent-platform/core/errors';
import { type AddressPolicy, guardedFetch } from '../net/guarded-fetch';
import type { Config } from '../shared/config';
import type { StoredPushSubscription } from '../store/delivery-settings';

/** What the service worker shows (web/src/sw.ts). Kept small: push services take about 4 KB. */
export interface PushMessage {
  title: string;
  body: string;
  /** The page a click opens. */
  url: string;
}

export type PushResult = 'sent' | 'gone' | { error: string };

/** Sends one message to one browser: `gone` when the push service says the subscription has ended. */
export async function sendPush(
  config: Config,
  policy: AddressPolicy,
  subscription: StoredPushSubscription,
  message: PushMessage,
): Promise<PushResult> {
  const { publicKey, privateKey, subject } = config.deliveries.vapid;
  if (!publicKey || !privateKey) throw new FailedPreconditionError('Web push is not set up here (no VAPID keys).');
  // Loaded on first push only (scripts/build-functions.mjs keeps it out of the bundle): most instances never send one.
  const webpush = require('web-push') as typeof import('web-push');
  const details = webpush.generateRequestDetails(
    { endpoint: subscription.endpoint, keys: subscription.keys },
    JSON.stringify(message),
    { vapidDetails: { subject, publicKey, privateKey }, TTL: 24 * 60 * 60, contentEncoding: 'aes128gcm' },
  );
  const res = await guardedFetch(
    details.endpoint,
    { method: 'POST', headers: details.headers as Record<string, string>, body: details.body, timeoutMs: 10_000 },
    policy,
  );
  if (res.status >= 200 && res.status < 300) return 'sent';
  // RFC 8030 §7.3: 404 and 410 mean the subscription is over; the browser must subscribe again.
  if (res.status === 404 || res.status === 410) return 'gone';
  return { error: `The push service answered ${res.status}.` };
}
