/**
 * Reading and changing a user's delivery settings (store/delivery-settings.ts):
 * the webhook secret, e-mail addresses and their confirmation, push
 * subscriptions and the daily e-mail count. Every change is a transaction on
 * the user's one document.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Adapters } from '../shared/factory';
import {
  type DeliveryLink,
  type DeliverySettings,
  deliveryLinks,
  deliverySettings,
  emptySettings,
} from '../store/delivery-settings';
import { newWebhookSecret } from './signing';

type Deps = Pick<Adapters, 'store' | 'now'>;

export async function readSettings(deps: Pick<Adapters, 'store'>, userId: string): Promise<DeliverySettings> {
  return (await deliverySettings.get(deps.store, userId))?.data ?? emptySettings(userId);
}

/** Applies `change` to the user's settings in a transaction (creating them), returning what it returns. */
export async function changeSettings<T>(
  deps: Deps,
  userId: string,
  change: (settings: DeliverySettings) => { settings: DeliverySettings | null; result: T },
): Promise<T> {
  return deps.store.runTransaction(async (tx) => {
    const found = await deliverySettings.get(tx, userId);
    const { settings, result } = change(found?.data ?? emptySettings(userId));
    if (settings) deliverySettings.set(tx, userId, settings);
    return result;
  });
}

/** The user's webhook secret, made on first use. */
export async function webhookSecret(deps: Deps, userId: string): Promise<string> {
  const existing = (await readSettings(deps, userId)).webhookSecret;
  if (existing) return existing;
  return changeSettings(deps, userId, (s) => {
    if (s.webhookSecret) return { settings: null, result: s.webhookSecret };
    const secret = newWebhookSecret();
    return { settings: { ...s, webhookSecret: secret }, result: secret };
  });
}

/** Whether mail may go to `email`: the account's verified address, or one confirmed by its link. */
export function isConfirmed(settings: DeliverySettings, email: string): boolean {
  return settings.emails.some((e) => e.email === email.toLowerCase() && e.confirmed);
}

/** Counts one e-mail against the user's daily cap; false when the day's mails are used up. */
export async function reserveEmail(deps: Deps & Pick<Adapters, 'config'>, userId: string): Promise<boolean> {
  const day = deps.now().toISOString().slice(0, 10);
  return changeSettings(deps, userId, (s) => {
    const sent = s.emailDay === day ? s.emailsSent : 0;
    if (sent >= deps.config.deliveries.emailsPerDay) return { settings: null, result: false };
    return { settings: { ...s, emailDay: day, emailsSent: sent + 1 }, result: true };
  });
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Makes a link token (confirmation or unsubscribe); only its hash is stored. */
export async function createLink(deps: Deps, link: Omit<DeliveryLink, 'expiresAt'>, ttlMs: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.now().getTime() + ttlMs).toISOString();
  await deliveryLinks.create(deps.store, sha256(token), { ...link, expiresAt });
  return token;
}

/** The link a token names, if it exists, is of `kind` and has not expired. */
export async function readLink(deps: Deps, token: string, kind: DeliveryLink['kind']) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const found = await deliveryLinks.get(deps.store, sha256(token));
  if (!found || found.data.kind !== kind) return null;
  if (Date.parse(found.data.expiresAt) <= deps.now().getTime()) return null;
  return found;
}
