/**
 * The Scheduler → Pub/Sub → Eventarc stand-in delivers what Eventarc pushes for
 * a Pub/Sub message (https://cloud.google.com/eventarc/docs/cloudevents).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalGoogleIdentity, PUBSUB_PUSH } from '../src/google/identity';
import { LocalScheduler } from '../src/google/scheduler';

test('a tick is a binary-mode CloudEvent with the Pub/Sub message, pushed with the push account’s token', async () => {
  let got: { headers: IncomingMessage['headers']; body: string } | undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    got = { headers: req.headers, body: Buffer.concat(chunks).toString() };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"enqueued":0}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const identity = new LocalGoogleIdentity(Buffer.alloc(32, 1));
  const scheduler = new LocalScheduler(() => ({ url, token: identity.tokenFor(PUBSUB_PUSH, url) }));

  expect(await scheduler.deliver()).toEqual({ status: 200, body: { enqueued: 0 } });
  server.close();

  const h = got?.headers ?? {};
  expect(h).toMatchObject({
    'ce-specversion': '1.0',
    'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
    'ce-source': '//pubsub.googleapis.com/projects/local-project/topics/tick',
    'content-type': 'application/json; charset=utf-8',
  });
  expect(h['ce-id']).toMatch(/^\d+$/);
  expect(Date.parse(String(h['ce-time']))).not.toBeNaN();
  const claims = identity.verify(String(h.authorization).replace('Bearer ', ''));
  expect(claims).toMatchObject({ email: PUBSUB_PUSH, aud: url, iss: 'https://accounts.google.com' });

  const body = JSON.parse(got?.body ?? '{}');
  expect(body).toEqual({
    message: {
      attributes: {},
      data: expect.any(String),
      messageId: h['ce-id'],
      message_id: h['ce-id'],
      publishTime: h['ce-time'],
      publish_time: h['ce-time'],
    },
    subscription: expect.stringMatching(/^projects\/local-project\/subscriptions\//),
  });
  expect(JSON.parse(Buffer.from(body.message.data, 'base64').toString())).toEqual({ source: 'cloud-scheduler' });
});
