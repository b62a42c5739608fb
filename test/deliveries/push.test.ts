/**
 * Web push end to end through the local stack: a subscription (made here the
 * way a browser makes one: a P-256 key pair and an auth secret) at the local
 * push service stand-in, which accepts only a correctly VAPID-signed,
 * aes128gcm-encrypted message; the message decrypts with the subscription's
 * private key to the notification the service worker shows. The browser side
 * (service worker, PushManager) is not exercised here: headless Chromium has
 * no push service to subscribe to.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { textReply } from '../support/messages-stub';
import { agentWith, runToEnd, stack, stub, useDeliveryStack, user } from './harness';

// http_ece is web-push's own encryption library (RFC 8188); the receiving side here.
const ece = require('http_ece') as {
  decrypt(buffer: Buffer, params: { version: string; privateKey: unknown; authSecret: string }): Buffer;
};

useDeliveryStack();

function browserSubscription(channel: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  return {
    ecdh,
    auth,
    json: {
      endpoint: `${stack.url}/__local/push/${channel}`,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth },
    },
  };
}

async function pushed(channel: string): Promise<{ body: string; ttl: number }[]> {
  const res = await fetch(`${stack.url}/__local/push/${channel}`);
  return ((await res.json()) as { messages: { body: string; ttl: number }[] }).messages;
}

test('a subscribed browser gets the run as an encrypted, VAPID-signed push that decrypts to its notification', async () => {
  const key = await stack.api(user.idToken, 'GET', '/api/push-key');
  expect(key.status).toBe(200);
  expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);

  const channel = `c${user.uid.slice(0, 10)}`;
  const sub = browserSubscription(channel);
  const added = await stack.api(user.idToken, 'POST', '/api/push-subscriptions', sub.json);
  expect(added.status).toBe(201);

  stub.script(textReply('Rain after 3 pm.'));
  const agent = await agentWith([{ type: 'push' }], 'Umbrella check');
  const exec = await runToEnd(agent.id);
  expect(exec.deliveries).toEqual([expect.objectContaining({ type: 'push', target: 'browsers', status: 'sent' })]);

  const [message] = await pushed(channel);
  expect(message?.ttl).toBeGreaterThan(0);
  const clear = ece.decrypt(Buffer.from(message?.body ?? '', 'base64'), {
    version: 'aes128gcm',
    privateKey: sub.ecdh,
    authSecret: sub.auth,
  });
  expect(JSON.parse(clear.toString('utf8'))).toEqual({
    title: '✅ Umbrella check',
    body: 'Rain after 3 pm.',
    url: `${stack.url}/runs/${exec.id}`,
  });
});

test('a subscription the push service says has ended is dropped, and unsubscribing removes one', async () => {
  const gone = browserSubscription(`gone-${user.uid.slice(0, 8)}`);
  const live = browserSubscription(`l${user.uid.slice(0, 10)}`);
  expect((await stack.api(user.idToken, 'POST', '/api/push-subscriptions', gone.json)).status).toBe(201);
  expect((await stack.api(user.idToken, 'POST', '/api/push-subscriptions', live.json)).status).toBe(201);
  const agent = await agentWith([{ type: 'push' }]);

  const first = await runToEnd(agent.id);
  expect(first.deliveries[0].status).toBe('sent');
  expect(await pushed(`l${user.uid.slice(0, 10)}`)).toHaveLength(1);

  const removed = await stack.api(
    user.idToken,
    'DELETE',
    `/api/push-subscriptions?endpoint=${encodeURIComponent(live.json.endpoint)}`,
  );
  expect(removed.status).toBe(204);
  // Neither is left: the ended one was dropped by the first run, the other unsubscribed.
  const second = await runToEnd(agent.id);
  expect(second.deliveries).toEqual([
    expect.objectContaining({ status: 'failed', lastError: 'No browser is subscribed to notifications.' }),
  ]);
});

test('a subscription to a private address or with malformed keys is refused', async () => {
  const sub = browserSubscription('x');
  const privateEndpoint = { ...sub.json, endpoint: 'https://192.168.1.10/push/abc' };
  const res = await stack.api(user.idToken, 'POST', '/api/push-subscriptions', privateEndpoint);
  expect(res.status).toBe(400);
  expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'endpoint' })]);
  const badKeys = { ...sub.json, keys: { p256dh: 'short', auth: sub.auth } };
  expect((await stack.api(user.idToken, 'POST', '/api/push-subscriptions', badKeys)).status).toBe(400);
});
