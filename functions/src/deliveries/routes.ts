/**
 * The delivery endpoints (docs/api.md "Deliveries"): the webhook secret, e-mail
 * addresses and their confirmation link, push subscriptions and the VAPID key,
 * the unsubscribe link, and "send a test" for one of an agent's deliveries.
 * Handlers unpack; service.ts decides.
 */

import { requestLocale } from '../http/request-locale';
import type { Route } from '../http/router';
import {
  addEmailAddress,
  addPushSubscription,
  confirmEmail,
  listEmailAddresses,
  pushKey,
  removePushSubscription,
  rotateWebhookSecret,
  sendTestDelivery,
  unsubscribe,
} from './service';
import { webhookSecret } from './settings';

export const deliveryRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/webhook-secret',
    async handle({ deps, user }) {
      return { status: 200, body: { secret: await webhookSecret(deps, user.uid) } };
    },
  },
  {
    method: 'POST',
    path: '/api/webhook-secret/rotate',
    async handle({ deps, user }) {
      return { status: 200, body: { secret: await rotateWebhookSecret(deps, user.uid) } };
    },
  },
  {
    method: 'GET',
    path: '/api/email-addresses',
    async handle({ deps, user }) {
      return { status: 200, body: { addresses: await listEmailAddresses(deps, user) } };
    },
  },
  {
    method: 'POST',
    path: '/api/email-addresses',
    async handle({ deps, user, body, req }) {
      return { status: 202, body: await addEmailAddress(deps, user, body, requestLocale(req)) };
    },
  },
  {
    method: 'GET',
    path: '/api/email-addresses/confirm',
    auth: 'none',
    appCheck: 'skip',
    async handle({ deps, query, req, res }) {
      await confirmEmail(deps, query.get('token') ?? '', res, requestLocale(req));
      return undefined;
    },
  },
  {
    method: 'GET',
    path: '/api/deliveries/unsubscribe',
    auth: 'none',
    appCheck: 'skip',
    async handle({ deps, query, req, res }) {
      await unsubscribe(deps, query.get('token') ?? '', res, requestLocale(req));
      return undefined;
    },
  },
  {
    method: 'GET',
    path: '/api/push-key',
    async handle({ deps }) {
      return { status: 200, body: { publicKey: pushKey(deps) } };
    },
  },
  {
    method: 'POST',
    path: '/api/push-subscriptions',
    async handle({ deps, user, body }) {
      return { status: 201, body: await addPushSubscription(deps, user.uid, body) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/push-subscriptions',
    async handle({ deps, user, query }) {
      await removePushSubscription(deps, user.uid, query.get('endpoint') ?? '');
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/api/agents/:id/deliveries/:index/test',
    async handle({ deps, user, params }) {
      return { status: 200, body: await sendTestDelivery(deps, user.uid, params.id ?? '', params.index ?? '') };
    },
  },
];
