/**
 * Where an agent's results go (docs/api.md "Deliveries"): up to five webhooks,
 * e-mails or web pushes, each on success, failure or both. The schema checks
 * shapes only; whether a webhook's host is a public address, or an e-mail
 * address is confirmed, needs the network and the store, so the functions check
 * those when the agent is saved and again when a delivery is sent.
 * Browser-safe: the web form validates with the same schema.
 */
import * as z from '../zod';

export const DELIVERIES_MAX = 5;
export const DELIVERY_URL_MAX = 2_000;
export const DELIVERY_EVENTS = ['success', 'failure'] as const;
export const WEBHOOK_FORMATS = ['json', 'slack', 'discord', 'googlechat'] as const;
export const DELIVERY_TYPES = ['webhook', 'email', 'push'] as const;

export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type DeliveryType = (typeof DELIVERY_TYPES)[number];

/** The checked delivery schemas; built on first use by `DeliverySchema` below. */
function deliveryUnion() {
  const on = z._default(
    z.array(z.enum(DELIVERY_EVENTS)).check(
      z.minLength(1),
      z.maxLength(2),
      z.refine((events) => new Set(events).size === events.length, { message: 'Each event once.' }),
    ),
    ['success', 'failure'],
  );
  /** http(s) only, no user name or password in it (they would end up in logs and headers). */
  const webhookUrl = z.url({ protocol: /^https?$/, normalize: true }).check(
    z.maxLength(DELIVERY_URL_MAX),
    z.refine((u) => !/^https?:\/\/[^/?#]*@/i.test(u), { message: 'No user name or password in the address.' }),
  );
  return z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('webhook'),
      url: webhookUrl,
      format: z._default(z.enum(WEBHOOK_FORMATS), 'json'),
      on,
    }),
    z.strictObject({
      type: z.literal('email'),
      to: z.pipe(
        z.email().check(z.maxLength(254)),
        z.transform((e) => e.toLowerCase()),
      ),
      on,
    }),
    z.strictObject({ type: z.literal('push'), on }),
  ]);
}

// Built on their first parse (z.lazy): only saving an agent and sending a delivery check
// them, and the URL and e-mail checks are among the costlier schemas to build
// (docs/scaling.md, "Cold starts").
/** One delivery as the API accepts it. */
export const DeliverySchema = z.lazy(deliveryUnion);
export const DeliveriesSchema = z.lazy(() => z.array(DeliverySchema).check(z.maxLength(DELIVERIES_MAX)));

export type Delivery = z.output<ReturnType<typeof deliveryUnion>>;
export type WebhookDelivery = Extract<Delivery, { type: 'webhook' }>;
export type EmailDelivery = Extract<Delivery, { type: 'email' }>;

// Built on their first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
/** A stored delivery, read without re-checking its rules (checked when saved). */
export const StoredDeliverySchema: z.ZodMiniType<Delivery> = z.lazy(() =>
  z.union([
    z.object({
      type: z.literal('webhook'),
      url: z.string(),
      format: z.enum(WEBHOOK_FORMATS),
      on: z.array(z.enum(DELIVERY_EVENTS)),
    }),
    z.object({ type: z.literal('email'), to: z.string(), on: z.array(z.enum(DELIVERY_EVENTS)) }),
    z.object({ type: z.literal('push'), on: z.array(z.enum(DELIVERY_EVENTS)) }),
  ]),
);

/** How one delivery of one run went, as the execution records it. */
export const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryRecord {
  type: DeliveryType;
  /** Redacted: a webhook's scheme and host, an e-mail's masked address, "browsers" for push. */
  target: string;
  status: DeliveryState;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export const DeliveryRecordSchema: z.ZodMiniType<DeliveryRecord> = z.lazy(
  () =>
    z.object({
      type: z.enum(DELIVERY_TYPES),
      target: z.string(),
      status: z.enum(DELIVERY_STATES),
      attempts: z._default(z.number(), 0),
      lastError: z._default(z.nullable(z.string()), null),
      sentAt: z._default(z.nullable(z.string()), null),
    }) as z.ZodMiniType<DeliveryRecord>,
);

/**
 * The target as a run's record shows it: enough to recognise, not enough to use.
 * A webhook URL's path often is its secret (Slack, Discord, Google Chat), so only
 * scheme and host are kept; an e-mail keeps its first letter and its domain.
 */
export function redactTarget(delivery: Delivery): string {
  switch (delivery.type) {
    case 'webhook': {
      try {
        const u = new URL(delivery.url);
        return `${u.protocol}//${u.host}/…`;
      } catch {
        return 'webhook';
      }
    }
    case 'email': {
      const [local = '', domain = ''] = delivery.to.split('@');
      return `${local.slice(0, 1)}…@${domain}`;
    }
    case 'push':
      return 'browsers';
  }
}

/** Whether a delivery fires for a run that ended with `status`. */
export function firesOn(delivery: Delivery, status: 'success' | 'failed'): boolean {
  return delivery.on.includes(status === 'success' ? 'success' : 'failure');
}
