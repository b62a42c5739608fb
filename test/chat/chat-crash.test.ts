/**
 * A chat turn whose instance dies mid-reply (crash, deploy, timeout) must not
 * lock the conversation or leave a reply "still typing" forever: the turn's
 * lease runs out within about a minute and a half, the next turn goes ahead,
 * and the dead reply is marked as interrupted.
 */
import { TURN_LEASE_MS } from '@agent-platform/functions/testing';
import { type MessagesStub, startMessagesStub, textReply } from '../support/messages-stub';
import { startStack, type TestStack } from '../support/stack';

let stub: MessagesStub;
let stack: TestStack;
let alice: { uid: string; idToken: string };

beforeAll(async () => {
  stub = await startMessagesStub();
  stack = await startStack({ anthropicBaseUrl: stub.url, env: { CHAT_TURNS_PER_MINUTE: '1000' } });
  alice = await stack.guest();
});
afterAll(async () => {
  await stack.stop();
  await stub.stop();
});

const chat = (body: Record<string, unknown>) => stack.api(alice.idToken, 'POST', '/api/chat', body);

/** Leaves the documents exactly as a turn leaves them when its process dies after starting to stream. */
async function crashMidReply(conversationId: string): Promise<string> {
  const now = stack.clock.now();
  const leaseUntil = new Date(now.getTime() + TURN_LEASE_MS).toISOString();
  const id = 'deadReply0000000000A';
  await stack.store.create(`conversations/${conversationId}/messages/${id}`, {
    userId: alice.uid,
    role: 'assistant',
    content: 'Half a rep',
    parts: [
      { type: 'text', data: { text: 'Half a rep' } },
      { type: 'status', data: { phase: 'analysing', text: 'Analysing the task…' } },
    ],
    tokenUsage: null,
    state: 'streaming',
    leaseUntil,
    timestamp: new Date(now.getTime() + 5).toISOString(),
  });
  await stack.store.update(`conversations/${conversationId}`, { turnLeaseUntil: leaseUntil, turnMessageId: id });
  return id;
}

test('a turn that died frees its conversation when its lease runs out, and its reply reads as interrupted', async () => {
  stub.script(textReply('What should it summarise?'));
  const first = await chat({ message: 'I want a weekly summary', timezone: 'Asia/Seoul' });
  const conversationId = first.body.conversationId as string;
  const deadId = await crashMidReply(conversationId);

  stub.script(textReply('Got it: the stock markets.'));
  const tooSoon = await chat({ message: 'The stock markets', conversationId });
  expect(tooSoon.status).toBe(409);

  stack.clock.advance(TURN_LEASE_MS + 1_000);
  const next = await chat({ message: 'The stock markets', conversationId });
  expect(next.status).toBe(200);
  expect(next.body.message.content).toBe('Got it: the stock markets.');

  const dead = await stack.store.get<{ state: string; parts: { type: string; data: { code?: string } }[] }>(
    `conversations/${conversationId}/messages/${deadId}`,
  );
  expect(dead?.data.state).toBe('error');
  expect(dead?.data.parts.map((p) => p.type)).toEqual(['text', 'error']);
  expect(dead?.data.parts.at(-1)?.data.code).toBe('interrupted');
  const conversation = await stack.store.get<{ turnLeaseUntil: string | null }>(`conversations/${conversationId}`);
  expect(conversation?.data.turnLeaseUntil).toBeNull();
});
