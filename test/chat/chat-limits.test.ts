/**
 * The chat's limits: message length, body shape, the per-user turn rate, the
 * monthly budget, and the history ceiling. Each refusal happens before any
 * model call and changes nothing.
 */
import { type MessagesStub, startMessagesStub, textReply } from '../support/messages-stub';
import { startStack, type TestStack } from '../support/stack';

let stub: MessagesStub;
let stack: TestStack;

beforeAll(async () => {
  stub = await startMessagesStub();
  stack = await startStack({
    anthropicBaseUrl: stub.url,
    // Twenty cents: a turn's worst case (about ten cents) fits until a turn of 60,000 input tokens is spent.
    env: { CHAT_TURNS_PER_MINUTE: '3', GUEST_MONTHLY_BUDGET_USD: '0.2', CHAT_HISTORY_TOKEN_CEILING: '1000' },
  });
});
afterAll(async () => {
  await stack.stop();
  await stub.stop();
});
beforeEach(() => {
  stub.requests.length = 0;
  stub.script(textReply('ok', { input_tokens: 10, output_tokens: 5 }));
});

test.each([
  ['an empty message', { message: '   ' }, 'message'],
  ['a message over 10,000 characters', { message: '가'.repeat(10_001) }, 'message'],
  ['an unknown field', { message: 'hi', temperature: 1 }, 'temperature'],
  ['a time zone that does not exist', { message: 'hi', timezone: 'Mars/Olympus' }, 'timezone'],
])('refuses %s with 400 naming the field, without calling the model', async (_name, body, field) => {
  const g = await stack.guest();
  const res = await stack.api(g.idToken, 'POST', '/api/chat', body);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_argument');
  expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  expect(stub.requests).toHaveLength(0);
});

test.each([
  ['a message that is a number', { message: 42 }, 'Must be text.'],
  ['no message at all', {}, 'Required.'],
])('words the problem with %s as the agent form does', async (_name, body, message) => {
  const g = await stack.guest();
  const res = await stack.api(g.idToken, 'POST', '/api/chat', body);
  expect(res.status).toBe(400);
  expect(res.body.error.details).toEqual([{ field: 'message', message }]);
});

test('accepts a message of exactly 10,000 characters', async () => {
  const g = await stack.guest();
  const res = await stack.api(g.idToken, 'POST', '/api/chat', { message: '가'.repeat(10_000) });
  expect(res.status).toBe(200);
});

test('limits turns per user per minute with 429 resource_exhausted, other users unaffected', async () => {
  const g = await stack.guest();
  for (let i = 0; i < 3; i++)
    expect((await stack.api(g.idToken, 'POST', '/api/chat', { message: `turn ${i}` })).status).toBe(200);
  const calls = stub.requests.length;
  const refused = await stack.api(g.idToken, 'POST', '/api/chat', { message: 'one more' });
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('resource_exhausted');
  expect(refused.body.error.message).toMatch(/at most 3 a minute/);
  expect(stub.requests).toHaveLength(calls);
  const other = await stack.guest();
  expect((await stack.api(other.idToken, 'POST', '/api/chat', { message: 'hello' })).status).toBe(200);
  // A minute later the user may talk again.
  stack.clock.advance(61_000);
  expect((await stack.api(g.idToken, 'POST', '/api/chat', { message: 'back' })).status).toBe(200);
});

test('refuses turns once the month budget is spent, before calling the model', async () => {
  const g = await stack.guest();
  stub.script(textReply('expensive', { input_tokens: 60_000, output_tokens: 10 }));
  const first = await stack.api(g.idToken, 'POST', '/api/chat', { message: 'spend it' });
  expect(first.status).toBe(200);
  const calls = stub.requests.length;
  const refused = await stack.api(g.idToken, 'POST', '/api/chat', {
    message: 'more',
    conversationId: first.body.conversationId,
  });
  expect(refused.status).toBe(429);
  expect(refused.body.error.message).toMatch(/This month's budget \(\$0\.20\) does not cover this/);
  expect(stub.requests).toHaveLength(calls);
  const conversation = await stack.api(g.idToken, 'GET', `/api/conversations/${first.body.conversationId}`);
  expect(conversation.body.messages).toHaveLength(2);
});

test('keeps the history under its token ceiling, summarising what no longer fits', async () => {
  const g = await stack.guest();
  let id: string | undefined;
  for (let i = 0; i < 3; i++) {
    stub.script(textReply(`answer ${i} ${'detail '.repeat(300)}`));
    const res = await stack.api(g.idToken, 'POST', '/api/chat', {
      message: `request number ${i}: ${'words '.repeat(200)}`,
      ...(id ? { conversationId: id } : {}),
    });
    id = res.body.conversationId;
  }
  stack.clock.advance(61_000);
  stub.script(textReply('fine'));
  await stack.api(g.idToken, 'POST', '/api/chat', { message: 'latest question', conversationId: id });
  const sent = stub.requests.at(-1)!.body.messages as { role: string; content: string }[];
  const chars = sent.reduce((n, m) => n + m.content.length, 0);
  expect(chars / 4).toBeLessThanOrEqual(1000);
  expect(sent[0]!.role).toBe('user');
  expect(sent[0]!.content).toContain('were left out to save space');
  expect(sent[0]!.content).toContain('request number 0');
  expect(sent.at(-1)).toEqual({ role: 'user', content: 'latest question' });
});
