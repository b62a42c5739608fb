/**
 * Chat turns end to end: the local stack serving the chat function, Claude
 * replaced by a Messages-API stand-in server the tests script. Covers storage
 * and history, streaming (Firestore growth and SSE), drafts through tool calls
 * (with an invalid draft corrected), pause_turn, model errors and isolation.
 */
import { errorReply, type MessagesStub, startMessagesStub, textReply } from '../support/messages-stub';
import { startStack, type TestStack } from '../support/stack';
import { postForEvents, proposeReply, until, VALID_DRAFT, type Wire } from './helpers';

let stub: MessagesStub;
let stack: TestStack;
let alice: { uid: string; idToken: string };
let bob: { uid: string; idToken: string };

beforeAll(async () => {
  stub = await startMessagesStub();
  stack = await startStack({ anthropicBaseUrl: stub.url, env: { CHAT_TURNS_PER_MINUTE: '1000' } });
  alice = await stack.guest();
  bob = await stack.guest();
});
afterAll(async () => {
  await stack.stop();
  await stub.stop();
});
beforeEach(() => {
  stub.requests.length = 0;
});

const chat = (who: { idToken: string }, body: Record<string, unknown>) =>
  stack.api(who.idToken, 'POST', '/api/chat', body);

describe('turns and history', () => {
  test('stores both messages with parts and usage, and sends the history on the next turn', async () => {
    stub.script(textReply('What should it summarise?', { input_tokens: 120, output_tokens: 30 }));
    const first = await chat(alice, { message: 'I want a weekly summary', timezone: 'Asia/Seoul' });
    expect(first.status).toBe(200);
    expect(first.body.message).toMatchObject({
      role: 'assistant',
      content: 'What should it summarise?',
      parts: [{ type: 'text', data: { text: 'What should it summarise?' } }],
      tokenUsage: { input: 120, output: 30 },
    });
    const id = first.body.conversationId;

    stub.script(textReply('Got it.', { input_tokens: 200, output_tokens: 10 }));
    await chat(alice, { message: 'The stock markets', conversationId: id });
    const sent = stub.requests.at(-1)!.body.messages as { role: string; content: string }[];
    expect(sent.map((m) => [m.role, m.content])).toEqual([
      ['user', 'I want a weekly summary'],
      ['assistant', 'What should it summarise?'],
      ['user', 'The stock markets'],
    ]);

    const got = await stack.api(alice.idToken, 'GET', `/api/conversations/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'I want a weekly summary'],
      ['assistant', 'What should it summarise?'],
      ['user', 'The stock markets'],
      ['assistant', 'Got it.'],
    ]);
    expect(got.body).toMatchObject({ title: 'I want a weekly summary', tokenUsage: { input: 320, output: 40 } });
    const stored = await stack.store.get<{ userId: string }>(`conversations/${id}`);
    expect(stored?.data.userId).toBe(alice.uid);
    const usage = await stack.api(alice.idToken, 'GET', '/api/usage');
    expect(usage.body.tokens.total).toBeGreaterThanOrEqual(360);
  });

  test('offers the designer its tool without forcing it, caches the fixed instructions, and sends no temperature', async () => {
    stub.script(textReply('Hello'));
    await chat(alice, { message: 'hello' });
    const body = stub.requests[0]!.body as Record<string, Wire>;
    expect(body.tools.map((t: { name: string }) => t.name)).toEqual(['propose_agent']);
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(body.system[1].cache_control).toBeUndefined();
    expect(body).not.toHaveProperty('temperature');
    expect(body.stream).toBe(true);
    // The tool's schema is the shared agent schema: unknown fields refused, status left to saving.
    const schema = body.tools[0].input_schema;
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['name', 'description', 'finalAgentPrompt', 'tools', 'schedule']),
    );
    expect(schema.properties).not.toHaveProperty('status');
  });

  test('refuses a second turn in a conversation while the first is still being answered', async () => {
    stub.script({ ...textReply('slow answer'), delayMs: 400 });
    const first = await chat(alice, { message: 'first' });
    stub.script({ ...textReply('slow answer'), delayMs: 400 });
    const running = chat(alice, { message: 'second', conversationId: first.body.conversationId });
    await until(() => stub.requests.length >= 2);
    const overlapping = await chat(alice, { message: 'third', conversationId: first.body.conversationId });
    expect(overlapping.status).toBe(409);
    expect((await running).status).toBe(200);
  });
});

describe('streaming', () => {
  test('writes the reply to the store as it grows, a few times a second', async () => {
    const text = 'This reply arrives in many small pieces so the page can show it growing. '.repeat(4);
    stub.script({ ...textReply(text), chunkDelayMs: 25 });
    const seen: { content: string; state: string }[] = [];
    const stop = stack.store.onChange((changes) => {
      for (const c of changes) {
        const d = c.data as { role?: string; content?: string; state?: string } | null;
        if (d?.role === 'assistant' && c.path.includes('/messages/'))
          seen.push({ content: d.content ?? '', state: d.state ?? '' });
      }
    });
    const res = await chat(alice, { message: 'stream please' });
    stop();
    expect(res.status).toBe(200);
    const streaming = seen.filter((s) => s.state === 'streaming');
    const lengths = [...new Set(streaming.map((s) => s.content.length))];
    // Grows in several visible steps, each a prefix of the final text.
    expect(lengths.length).toBeGreaterThanOrEqual(3);
    for (const s of streaming) expect(text.startsWith(s.content)).toBe(true);
    expect(seen[seen.length - 1]).toEqual({ content: text, state: 'complete' });
    // About 25 chunks × 25 ms: throttled to a few writes a second, not one per chunk.
    expect(seen.length).toBeLessThan(12);
  });

  test('streams status, text, the draft and the finished turn as server-sent events', async () => {
    stub.script(proposeReply(VALID_DRAFT, 'Here is your agent.'), textReply('It runs every Monday.'));
    const { status, events } = await postForEvents(`${stack.url}/api/chat`, alice.idToken, {
      message: 'Weekly stock summary, Mondays 8am',
      timezone: 'Asia/Seoul',
    });
    expect(status).toBe(200);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('status');
    expect(names).toContain('draft');
    expect(names[names.length - 1]).toBe('done');
    const deltas = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    expect(deltas).toBe('Here is your agent.It runs every Monday.');
    const done = events[events.length - 1]!.data;
    expect(done.message.content).toBe('Here is your agent.\n\nIt runs every Monday.');
    expect(done.draft).toMatchObject({ name: 'Weekly stock summary', schedule: { timezone: 'Asia/Seoul' } });
    const draftEvent = events.find((e) => e.event === 'draft')!.data;
    expect(draftEvent.schedule.nextRuns).toHaveLength(3);
  });

  test('ends the event stream with an error event when the model fails', async () => {
    stub.script(errorReply(400, 'invalid_request_error', 'prompt is too long'));
    const { status, events } = await postForEvents(`${stack.url}/api/chat`, alice.idToken, { message: 'hello' });
    expect(status).toBe(200);
    const last = events[events.length - 1]!;
    expect(last.event).toBe('error');
    expect(last.data.error.message).toContain('prompt is too long');
  });
});

describe('drafts', () => {
  test('corrects an invalid draft in the conversation and stores only the valid one', async () => {
    const invalid = { ...VALID_DRAFT, schedule: { frequency: 'weekly', time: '8am' } };
    stub.script(proposeReply(invalid), proposeReply(VALID_DRAFT, 'Fixed.'), textReply('Every Monday at 8:00.'));
    const res = await chat(alice, { message: '매주 월요일 오전 8시 주식 요약', timezone: 'Asia/Seoul' });
    expect(res.status).toBe(200);

    const correction = (stub.requests[1]!.body.messages as Wire[]).at(-1).content[0];
    expect(correction).toMatchObject({ type: 'tool_result', is_error: true });
    expect(correction.content).toContain('schedule.time');
    expect(correction.content).toContain('schedule.daysOfWeek');

    // The accepted draft's summary goes back to the model: schedule in words, zone, next runs, cost.
    const accepted = (stub.requests[2]!.body.messages as Wire[]).at(-1).content[0];
    expect(accepted.is_error).toBeUndefined();
    const summary = accepted.content[0].text as string;
    expect(summary).toContain('매주 월요일 오전 8:00 (서울)');
    expect(summary).toContain('Asia/Seoul');
    expect(summary).toMatch(/다음 세 번의 실행: .+; .+; .+\./);
    expect(summary).toMatch(/실행당 약 \$\d+\.\d\d, 한 달 약 \$\d+\.\d\d/);

    const drafts = res.body.message.parts.filter((p: { type: string }) => p.type === 'agent_draft');
    expect(drafts).toHaveLength(1);
    expect(drafts[0].data.draft.schedule).toEqual({
      frequency: 'weekly',
      time: '08:00',
      daysOfWeek: [1],
      timezone: 'Asia/Seoul',
    });
    const conversation = await stack.api(alice.idToken, 'GET', `/api/conversations/${res.body.conversationId}`);
    expect(conversation.body.draft).toMatchObject({ name: 'Weekly stock summary', schedule: { daysOfWeek: [1] } });
    expect(conversation.body.estimate.perMonthUsd).toBeGreaterThan(0);
  });

  test('never stores a draft the model fails to correct', async () => {
    stub.script(proposeReply({ name: '', finalAgentPrompt: 'x' }));
    const res = await chat(alice, { message: 'make me an agent' });
    expect(res.status).toBe(200);
    const conversation = await stack.api(alice.idToken, 'GET', `/api/conversations/${res.body.conversationId}`);
    expect(conversation.body.draft).toBeNull();
    const lastToolResult = (stub.requests.at(-1)!.body.messages as Wire[]).at(-1).content[0];
    expect(lastToolResult.content).toContain('Do not call propose_agent again');
    const saved = await stack.api(alice.idToken, 'POST', `/api/conversations/${res.body.conversationId}/save`, {});
    expect(saved.status).toBe(409);
  });

  test('saves the draft as an active agent linked to the conversation, and updates it on a second save', async () => {
    stub.script(proposeReply(VALID_DRAFT), textReply('Ready.'));
    const res = await chat(alice, { message: 'stock summary', timezone: 'Asia/Seoul' });
    const id = res.body.conversationId;
    const saved = await stack.api(alice.idToken, 'POST', `/api/conversations/${id}/save`, {});
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'Weekly stock summary', status: 'active', conversationId: id });
    expect(saved.body.nextRunAt).not.toBeNull();

    stub.script(proposeReply({ ...VALID_DRAFT, name: 'Monday markets' }), textReply('Renamed.'));
    await chat(alice, { message: 'rename it Monday markets', conversationId: id });
    const again = await stack.api(alice.idToken, 'POST', `/api/conversations/${id}/save`, {});
    expect(again.body).toMatchObject({ id: saved.body.id, name: 'Monday markets' });
    const list = await stack.api(alice.idToken, 'GET', '/api/agents');
    expect(list.body.agents.filter((a: { conversationId: string }) => a.conversationId === id)).toHaveLength(1);
  });

  test('a conversation started with agentId edits that agent', async () => {
    const created = await stack.api(alice.idToken, 'POST', '/api/agents', {
      name: 'Morning weather',
      finalAgentPrompt: 'Seoul weather today.',
      schedule: { frequency: 'daily', time: '07:00', timezone: 'Asia/Seoul' },
      status: 'active',
    });
    stub.script(textReply('What would you like to change?'));
    const res = await chat(alice, { message: 'change the time', agentId: created.body.id });
    expect(res.body.draft).toMatchObject({ name: 'Morning weather', schedule: { time: '07:00' } });
    const context = stub.requests[0]!.body.system as { text: string }[];
    expect(context[1]!.text).toContain(created.body.id);

    stub.script(
      proposeReply({
        name: 'Morning weather',
        finalAgentPrompt: 'Seoul weather today.',
        tools: [],
        description: '',
        schedule: { frequency: 'daily', time: '06:30', timezone: 'Asia/Seoul' },
      }),
      textReply('Done.'),
    );
    await chat(alice, { message: '6:30 instead', conversationId: res.body.conversationId });
    const saved = await stack.api(alice.idToken, 'POST', `/api/conversations/${res.body.conversationId}/save`, {});
    expect(saved.body).toMatchObject({ id: created.body.id, schedule: { time: '06:30' }, status: 'active' });
  });
});

describe('the model loop', () => {
  test('continues after pause_turn by sending the paused content back', async () => {
    stub.script(
      { content: [{ type: 'text', text: 'Let me think' }], stop_reason: 'pause_turn' },
      textReply(' about it: done.'),
    );
    const res = await chat(alice, { message: 'think hard' });
    expect(res.status).toBe(200);
    expect(stub.requests).toHaveLength(2);
    const continued = stub.requests[1]!.body.messages as Wire[];
    expect(continued.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Let me think' }] });
    expect(res.body.message.content).toBe('Let me think about it: done.');
  });

  test('stores an overloaded model as an error reply, answers 503, and frees the conversation', async () => {
    stub.script(errorReply(529, 'overloaded_error', 'Overloaded'));
    const res = await chat(alice, { message: 'overloaded hello' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    // The person is told to try again (nothing retries a chat turn), in the conversation they can continue.
    expect(res.body.error.message).not.toMatch(/run will be retried/);
    const conv = await conversationTitled('overloaded hello');
    expect(res.body.error.conversationId).toBe(conv.id);
    expect(conv.data.turnLeaseUntil).toBeNull();
    const got = await stack.api(alice.idToken, 'GET', `/api/conversations/${conv.id}`);
    expect(got.body.messages.map((m: { role: string; state: string }) => [m.role, m.state])).toEqual([
      ['user', 'complete'],
      ['assistant', 'error'],
    ]);
    expect(got.body.messages[1].parts.at(-1)).toMatchObject({ type: 'error', data: { code: 'unavailable' } });
    expect(got.body.messages[1].parts.at(-1).data.message).toMatch(/send your message again in a moment/);
  });

  test('a failed turn keeps the message and its error, and the next turn works', async () => {
    stub.script(errorReply(400, 'invalid_request_error', 'bad request'));
    const first = await chat(alice, { message: 'start' });
    expect(first.status).toBe(500);
    const conv = await conversationTitled('start');
    const got = await stack.api(alice.idToken, 'GET', `/api/conversations/${conv.id}`);
    const reply = got.body.messages[1];
    expect(reply.state).toBe('error');
    expect(reply.parts.at(-1)).toMatchObject({ type: 'error', data: { code: 'internal' } });
    expect(reply.parts.at(-1).data.message).toContain('bad request');

    stub.script(textReply('Back again.'));
    const next = await chat(alice, { message: 'try again', conversationId: conv.id });
    expect(next.status).toBe(200);
    // The failed reply is not sent as history; the two user messages travel as one turn.
    expect((stub.requests.at(-1)!.body.messages as Wire[])[0]).toEqual({ role: 'user', content: 'start\n\ntry again' });
  });
});

describe('isolation', () => {
  test("another user's conversation answers 404 everywhere and stays unchanged", async () => {
    stub.script(proposeReply(VALID_DRAFT), textReply('Ready.'));
    const mine = await chat(alice, { message: 'private agent' });
    const id = mine.body.conversationId;
    const before = await stack.api(alice.idToken, 'GET', `/api/conversations/${id}`);
    stub.requests.length = 0;

    expect((await stack.api(bob.idToken, 'GET', `/api/conversations/${id}`)).status).toBe(404);
    expect((await chat(bob, { message: 'hijack', conversationId: id })).status).toBe(404);
    expect((await stack.api(bob.idToken, 'POST', `/api/conversations/${id}/test-run`, {})).status).toBe(404);
    expect((await stack.api(bob.idToken, 'POST', `/api/conversations/${id}/save`, {})).status).toBe(404);
    const agents = await stack.api(alice.idToken, 'GET', '/api/agents');
    expect((await chat(bob, { message: 'edit', agentId: agents.body.agents[0]?.id ?? 'none' })).status).toBe(404);

    expect(stub.requests).toHaveLength(0);
    const after = await stack.api(alice.idToken, 'GET', `/api/conversations/${id}`);
    expect(after.body).toEqual(before.body);
  });

  test('refuses calls without a token', async () => {
    const res = await stack.api(undefined, 'POST', '/api/chat', { message: 'hi' });
    expect(res.status).toBe(401);
  });
});

async function conversationTitled(title: string) {
  const convs = await stack.store.query<{ title: string; turnLeaseUntil: string | null }>({
    collection: 'conversations',
    where: [['userId', '==', alice.uid]],
  });
  const found = convs.find((c) => c.data.title === title);
  if (!found) throw new Error(`no conversation titled ${title}`);
  return found;
}
