/**
 * The push service stand-in refuses what a push service refuses (RFC 8030,
 * RFC 8292): no TTL, another content encoding, no VAPID, a VAPID token for
 * another audience or signed with another key; it takes what web-push sends.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import { LocalPushService } from '../src/push-service';

let server: Server;
let origin = '';
const push = new LocalPushService(() => origin);

beforeAll(async () => {
  server = createServer((req, res) => void push.serve(req, res, (req.url ?? '').split('/').pop() ?? ''));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const vapid = webpush.generateVAPIDKeys();
const browser = () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x as string, 'base64url'),
    Buffer.from(jwk.y as string, 'base64url'),
  ]);
  return { p256dh: point.toString('base64url'), auth: Buffer.alloc(16, 7).toString('base64url') };
};

function request(channel: string, keys = vapid, audienceOrigin?: string) {
  const endpoint = `${origin}/push/${channel}`;
  const details = webpush.generateRequestDetails({ endpoint, keys: browser() }, 'hello', {
    vapidDetails: { subject: 'mailto:ops@example.com', publicKey: keys.publicKey, privateKey: keys.privateKey },
    TTL: 60,
    contentEncoding: 'aes128gcm',
  });
  if (audienceOrigin) {
    const headers = webpush.getVapidHeaders(
      audienceOrigin,
      'mailto:ops@example.com',
      keys.publicKey,
      keys.privateKey,
      'aes128gcm',
    );
    Object.assign(details.headers, headers);
  }
  return { endpoint, details };
}

const post = (endpoint: string, headers: Record<string, string>, body: Buffer) =>
  fetch(endpoint, { method: 'POST', headers, body: new Uint8Array(body) });

test('accepts a message web-push signed and encrypted, and keeps it', async () => {
  const { endpoint, details } = request('ok');
  const res = await post(endpoint, details.headers as Record<string, string>, details.body);
  expect(res.status).toBe(201);
  const kept = (await (await fetch(endpoint)).json()) as { messages: unknown[] };
  expect(kept.messages).toHaveLength(1);
});

test.each([
  ['no TTL', (h: Record<string, string>) => delete h.TTL, 400],
  ['another encoding', (h: Record<string, string>) => (h['Content-Encoding'] = 'aesgcm'), 415],
  ['no VAPID', (h: Record<string, string>) => delete h.Authorization, 401],
  [
    'a signature by another key',
    (h: Record<string, string>) => {
      const other = webpush.generateVAPIDKeys();
      h.Authorization = h.Authorization?.replace(/k=.*/, `k=${other.publicKey}`) ?? '';
    },
    403,
  ],
])('refuses %s', async (_name, spoil, status) => {
  const { endpoint, details } = request('spoilt');
  const headers = { ...(details.headers as Record<string, string>) };
  spoil(headers);
  expect((await post(endpoint, headers, details.body)).status).toBe(status);
});

test('refuses a VAPID token made for another push service', async () => {
  const { endpoint, details } = request('aud', vapid, 'https://fcm.googleapis.com');
  expect((await post(endpoint, details.headers as Record<string, string>, details.body)).status).toBe(403);
});

test('answers 410 for an ended subscription', async () => {
  const { endpoint, details } = request('gone-1');
  expect((await post(endpoint, details.headers as Record<string, string>, details.body)).status).toBe(410);
});
