/**
 * Chat turns that outlive their request (docs/api.md, "Chat without waiting"):
 * `Prefer: respond-async` answers as soon as the turn is stored and queued, and
 * the chatTurn worker — a private Cloud Tasks target behind the Cloud Run front
 * — writes the reply to its end. A synchronous call through Hosting is cut at
 * Hosting's limit (shortened here from 60 s to 1 s, the code path is the same)
 * and the turn still completes. The model is a Messages-API stand-in server.
 */
import type { MessageDoc } from '@agent-platform/core/chat';
import { type MessagesStub, startMessagesStub, textReply } from '../support/messages-stub';
import { startStack, type TestStack } from '../support/stack';
import { until, type Wire } from './helpers';

const HOSTING_CUT_MS = 1_000;
let stub: MessagesStub;
let stack: TestStack;
let alice: { uid: string; idToken: string };

beforeAll(async () => {
  stub = await startMessagesStub();
  stack = await startStack({
    anthropicBaseUrl: stub.url,
    env: { CHAT_TURNS_PER_MINUTE: '1000' },
    hostingTimeoutMs: HOSTING_CUT_MS,
  });
  alice = await stack.guest();
});
afterAll(async () => {
  await stack.stop();
  await stub.stop();
});
beforeEach(() => {
  stub.requests.length = 0;
});

async function chatAsync(token: string, body: Record<string, unknown>) {
  const res = await fetch(`${stack.url}/api/chat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Prefer: 'respond-async' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Wire };
}

const reply = async (conversationId: string, messageId: string) =>
  (await stack.store.get<MessageDoc>(`conversations/${conversationId}/messages/${messageId}`))?.data;

/** A turn task as Cloud Tasks delivers it to chatTurn. */
function deliverTurn(payload: { conversationId: string; messageId: string; userId: string }) {
  return fetch(stack.functionUrl('chatTurn'), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${stack.taskToken('chatTurn')}`,
      'X-CloudTasks-TaskName': `turn-${payload.messageId}`,
    },
    body: JSON.stringify(payload),
  });
}

test('Prefer: respond-async answers 202 before the model has, and the worker completes the reply', async () => {
  stub.script({ ...textReply('A slow, careful answer.'), delayMs: 2 * HOSTING_CUT_MS });
  const res = await chatAsync(alice.idToken, { message: 'Summarise the news every morning' });
  expect(res.status).toBe(202);
  expect(res.headers.get('preference-applied')).toBe('respond-async');
  const { conversationId, messageId } = res.body;
  expect(res.headers.get('location')).toBe(`/api/conversations/${conversationId}`);
  // Answered through Hosting while the model is still thinking.
  expect((await reply(conversationId, messageId))?.state).toBe('streaming');

  await stack.turnTasks.idle();
  const done = await stack.api(alice.idToken, 'GET', `/api/conversations/${conversationId}`);
  const last = done.body.messages.at(-1);
  expect(last).toMatchObject({
    id: messageId,
    role: 'assistant',
    state: 'complete',
    content: 'A slow, careful answer.',
  });
  expect(stub.requests).toHaveLength(1);
});

test('a synchronous turn through Hosting is cut at Hosting’s limit, and the turn still completes', async () => {
  stub.script({ ...textReply('Worth the wait.'), delayMs: 2 * HOSTING_CUT_MS });
  const res = await stack.api(alice.idToken, 'POST', '/api/chat', { message: 'A question that takes a while' });
  expect(res.status).toBe(504);
  // The cut answer named no conversation; the store has it, and its reply finishes.
  const latest = async () =>
    (await stack.store.query({ collection: 'conversations', where: [['userId', '==', alice.uid]] }))
      .map((c) => c as unknown as { id: string; data: { title: string } })
      .find((c) => c.data.title === 'A question that takes a while');
  const conversation = await latest();
  expect(conversation).toBeDefined();
  const id = conversation?.id as string;
  const messages = async (): Promise<Wire[]> =>
    (await stack.api(alice.idToken, 'GET', `/api/conversations/${id}`)).body.messages;
  await until(async () => (await messages()).at(-1)?.state !== 'streaming', 10_000);
  expect((await messages()).at(-1)).toMatchObject({ state: 'complete', content: 'Worth the wait.' });
});

test('two deliveries of one turn task write one reply with one model call', async () => {
  stub.script({ ...textReply('Once.'), delayMs: 300 });
  const queued = stack.turnTasks.enqueue;
  // Hold the queue's own delivery back, to deliver the task twice by hand.
  stack.turnTasks.enqueue = async () => 'created';
  const res = await chatAsync(alice.idToken, { message: 'Deliver me twice' });
  stack.turnTasks.enqueue = queued;
  const payload = { conversationId: res.body.conversationId, messageId: res.body.messageId, userId: alice.uid };
  const [a, b] = await Promise.all([deliverTurn(payload), deliverTurn(payload)]);
  expect([a.status, b.status].sort()).toEqual([200, 503]);
  // A later redelivery finds the reply done and does nothing.
  const again = await deliverTurn(payload);
  expect([again.status, ((await again.json()) as Wire).outcome]).toEqual([200, 'noop']);
  expect(stub.requests).toHaveLength(1);
  expect(await reply(payload.conversationId, payload.messageId)).toMatchObject({ state: 'complete', content: 'Once.' });
});

test('a turn task naming another user is dropped, and the reply is left alone', async () => {
  stub.script(textReply('Mine.'));
  const queued = stack.turnTasks.enqueue;
  stack.turnTasks.enqueue = async () => 'created';
  const res = await chatAsync(alice.idToken, { message: 'Not yours' });
  stack.turnTasks.enqueue = queued;
  const bob = await stack.guest();
  const forged = await deliverTurn({
    conversationId: res.body.conversationId,
    messageId: res.body.messageId,
    userId: bob.uid,
  });
  expect([forged.status, ((await forged.json()) as Wire).outcome]).toEqual([200, 'noop']);
  expect(stub.requests).toHaveLength(0);
  expect((await reply(res.body.conversationId, res.body.messageId))?.state).toBe('streaming');
});

test('a reply whose worker died is written again by the next delivery', async () => {
  stub.script(textReply('Second time lucky.'));
  const queued = stack.turnTasks.enqueue;
  stack.turnTasks.enqueue = async () => 'created';
  const res = await chatAsync(alice.idToken, { message: 'Survive a crash' });
  stack.turnTasks.enqueue = queued;
  const { conversationId, messageId } = res.body;
  // A worker claimed it and died: its claim is still there, its lease long gone.
  await stack.store.update(`conversations/${conversationId}/messages/${messageId}`, {
    workerId: 'dead-worker',
    leaseUntil: new Date(Date.now() - 1000).toISOString(),
    content: 'half a reply',
  });
  const retried = await deliverTurn({ conversationId, messageId, userId: alice.uid });
  expect(retried.status).toBe(200);
  expect(await reply(conversationId, messageId)).toMatchObject({ state: 'complete', content: 'Second time lucky.' });
});

test('when the turn cannot be queued, the reply is closed as failed and the conversation is free again', async () => {
  const queued = stack.turnTasks.enqueue;
  stack.turnTasks.enqueue = async () => {
    throw new Error('queue down');
  };
  const res = await chatAsync(alice.idToken, { message: 'Nobody will answer this' });
  stack.turnTasks.enqueue = queued;
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('unavailable');
  const conversations = await stack.store.query({ collection: 'conversations', where: [['userId', '==', alice.uid]] });
  const failed = conversations.find((c) => (c.data as { title: string }).title === 'Nobody will answer this');
  const messages = await stack.api(alice.idToken, 'GET', `/api/conversations/${failed?.id}`);
  expect(messages.body.messages.at(-1)).toMatchObject({ role: 'assistant', state: 'error' });
  stub.script(textReply('Here now.'));
  const next = await stack.api(alice.idToken, 'POST', '/api/chat', { message: 'Again', conversationId: failed?.id });
  expect(next.status).toBe(200);
});
