/**
 * A user's delivery settings (`deliverySettings/{uid}`): the webhook signing
 * secret, the e-mail addresses and whether each is confirmed, the browsers
 * subscribed to push, and the day's e-mail count behind the daily cap. Never
 * readable by clients (firestore.rules lists no rule for it): the secret and
 * the push keys stay on the server. Confirmation and unsubscribe links point
 * at `deliveryLinks/{sha256 of the token}`, so a leaked database holds no
 * usable link.
 */
import * as z from '@agent-platform/core/zod';
import { Collection } from './collection';

// Built on their first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
const EmailAddressSchema = z.lazy(() =>
  z.object({
    email: z.string(),
    confirmed: z._default(z.boolean(), false),
    /** When the last confirmation mail went out (one per few minutes). */
    requestedAt: z._default(z.nullable(z.string()), null),
    confirmedAt: z._default(z.nullable(z.string()), null),
  }),
);
export type EmailAddress = z.output<typeof EmailAddressSchema>;

const PushSubscriptionSchema = z.lazy(() =>
  z.object({
    endpoint: z.string(),
    keys: z.object({ p256dh: z.string(), auth: z.string() }),
    createdAt: z.string(),
  }),
);
export type StoredPushSubscription = z.output<typeof PushSubscriptionSchema>;

const DeliverySettingsSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    /** `whsec_<base64 of 32 random bytes>` (Standard Webhooks), null until first asked for. */
    webhookSecret: z._default(z.nullable(z.string()), null),
    emails: z._default(z.array(EmailAddressSchema), []),
    pushSubscriptions: z._default(z.array(PushSubscriptionSchema), []),
    /** E-mails sent on `emailDay` (UTC date), for the daily cap. */
    emailDay: z._default(z.string(), ''),
    emailsSent: z._default(z.number(), 0),
  }),
);
export type DeliverySettings = z.output<typeof DeliverySettingsSchema>;

export const deliverySettings = new Collection<DeliverySettings>('deliverySettings', DeliverySettingsSchema);

/** Empty settings for a user who has none yet. */
export function emptySettings(userId: string): DeliverySettings {
  return { userId, webhookSecret: null, emails: [], pushSubscriptions: [], emailDay: '', emailsSent: 0 };
}

const DeliveryLinkSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    kind: z.enum(['confirm', 'unsubscribe']),
    email: z.string(),
    /** The agent whose e-mail delivery an unsubscribe link turns off. */
    agentId: z._default(z.nullable(z.string()), null),
    expiresAt: z.string(),
  }),
);
export type DeliveryLink = z.output<typeof DeliveryLinkSchema>;

/** Links sent by e-mail, keyed by the SHA-256 of their token. */
export const deliveryLinks = new Collection<DeliveryLink>('deliveryLinks', DeliveryLinkSchema);
