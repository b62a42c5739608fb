/**
 * The Scheduler stand-in delivers the same CloudEvent Eventarc would, and the
 * tick function accepts it as well as a raw Pub/Sub push body (the other
 * format Cloud Scheduler → Pub/Sub can produce).
 */
import { PUBSUB_PUSH } from '@agent-platform/local';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack.stop());

test('a CloudEvent tick reaches the tick function, which reports what it enqueued', async () => {
  const result = await stack.scheduler.deliver();
  expect(result.status).toBe(200);
  expect(result.body).toMatchObject({ enqueued: 0 });
});

test('POST /__local/tick delivers the same tick and relays its answer', async () => {
  const res = await fetch(`${stack.url}/__local/tick`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ enqueued: 0 });
});

test('the tick function also accepts a raw Pub/Sub push body', async () => {
  const res = await fetch(`${stack.url}/__local/functions/tick`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${stack.identity.tokenFor(PUBSUB_PUSH, stack.functionUrl('tick'))}`,
    },
    body: JSON.stringify({
      message: { data: Buffer.from('{}').toString('base64'), messageId: '1', publishTime: new Date().toISOString() },
      subscription: 'projects/local/subscriptions/tick',
    }),
  });
  expect(res.status).toBeLessThan(300);
});

test('a guest token cannot call runAgent directly', async () => {
  const guest = await stack.guest();
  const res = await fetch(`${stack.url}/__local/functions/runAgent`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${guest.idToken}` },
    body: JSON.stringify({
      executionId: 'x',
      agentId: 'a',
      userId: guest.uid,
      trigger: 'manual',
      scheduledFor: new Date().toISOString(),
    }),
  });
  expect(res.status).toBe(401);
});

test("tick is private: without the push account's token the function never runs", async () => {
  const body = JSON.stringify({ message: { data: '', messageId: '2', publishTime: new Date().toISOString() } });
  const anonymous = await fetch(stack.functionUrl('tick'), { method: 'POST', body });
  expect(anonymous.status).toBe(401);
  // The tasks invoker may call the workers, not tick.
  const wrongAccount = await fetch(stack.functionUrl('tick'), {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.taskToken()}` },
    body,
  });
  expect(wrongAccount.status).toBe(401); // its audience is runAgent's URL, not tick's
});
