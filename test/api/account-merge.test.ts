/**
 * `POST /api/account/merge-guest` through the real HTTP routing of the local
 * stack: guest A designs, chats, runs and spends tokens, then signs in to
 * account B (signed in with Google: only such an account may merge) whose
 * session takes everything over. B sees it all, A nothing and may spend no
 * more, and A's queued scheduled run later runs as B's.
 */
import { scheduledExecutionId } from '@agent-platform/functions/testing';
import { type MessagesStub, startMessagesStub, textReply } from '../support/messages-stub';
import { startStack, type TestStack } from '../support/stack';

jest.setTimeout(60_000);

let stub: MessagesStub;
let stack: TestStack;

beforeAll(async () => {
  stub = await startMessagesStub();
  stack = await startStack({ anthropicBaseUrl: stub.url });
});
afterAll(async () => {
  await stack?.stop();
  await stub?.stop();
});

const merge = (callerToken: string | undefined, body: unknown) =>
  stack.api(callerToken, 'POST', '/api/account/merge-guest', body);

async function createAgent(token: string, body: Record<string, unknown>) {
  const res = await stack.api(token, 'POST', '/api/agents', { finalAgentPrompt: 'Report.', ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; nextRunAt: string | null };
}

async function runNow(token: string, agentId: string) {
  const res = await stack.api(token, 'POST', `/api/agents/${agentId}/run`);
  expect(res.status).toBe(202);
  await stack.tasks.idle();
  return (res.body as { executionId: string }).executionId;
}

/** An account signed in with Google: a fresh uid with a `google.com` ID token, and its guest token of the same uid. */
async function signedIn() {
  const guest = await stack.guest();
  return { uid: guest.uid, idToken: stack.auth.signedInToken(guest.uid, 'google.com'), guestIdToken: guest.idToken };
}

const usage = async (token: string) =>
  (await stack.api(token, 'GET', '/api/usage')).body as { tokens: { input: number; output: number; total: number } };

describe('merging a guest into the account the person signed in to', () => {
  test('moves agents, runs, conversations and usage to B, keeps A’s scheduled run working, and is safe to repeat', async () => {
    const a = await stack.guest();
    const b = await signedIn();

    // Guest A: a scheduled agent, a draft run once, a chat, and their usage.
    const hourly = await createAgent(a.idToken, {
      name: 'Hourly prices',
      schedule: { frequency: 'hourly', time: '00:30', timezone: 'UTC' },
      status: 'active',
    });
    const draft = await createAgent(a.idToken, { name: 'Draft summary' });
    stub.script(textReply('Run result of A', { input_tokens: 1000, output_tokens: 100 }));
    const runA = await runNow(a.idToken, draft.id);
    stub.script(textReply('What should it watch?', { input_tokens: 300, output_tokens: 20 }));
    const turn = await stack.api(a.idToken, 'POST', '/api/chat', { message: 'Watch stock prices for me' });
    expect(turn.status).toBe(200);
    const conversationId = turn.body.conversationId as string;
    const conversationOfA = await stack.api(a.idToken, 'GET', `/api/conversations/${conversationId}`);
    const messageCount = (conversationOfA.body.messages as unknown[]).length;
    expect(messageCount).toBe(2);

    // Account B has its own agent and usage already.
    const own = await createAgent(b.idToken, { name: 'B’s own' });
    stub.script(textReply('Run result of B', { input_tokens: 50, output_tokens: 5 }));
    await runNow(b.idToken, own.id);
    const usageA = await usage(a.idToken);
    const usageB = await usage(b.idToken);
    expect(usageA.tokens.total).toBeGreaterThan(0);

    const merged = await merge(b.idToken, { guestIdToken: a.idToken });
    expect(merged.status).toBe(200);
    // The manual run and the queued run of the scheduled agent.
    expect(merged.body).toEqual({
      moved: { agents: 2, executions: 2, conversations: 1, messages: messageCount },
    });

    // B sees everything A made.
    const agentsOfB = (await stack.api(b.idToken, 'GET', '/api/agents')).body.agents as { name: string }[];
    expect(agentsOfB.map((x) => x.name).sort()).toEqual(['B’s own', 'Draft summary', 'Hourly prices']);
    const run = await stack.api(b.idToken, 'GET', `/api/executions/${runA}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ agentId: draft.id, status: 'success', result: 'Run result of A' });
    const history = await stack.api(b.idToken, 'GET', `/api/agents/${draft.id}/executions`);
    expect(history.body.executions.map((e: { id: string }) => e.id)).toEqual([runA]);
    const conversation = await stack.api(b.idToken, 'GET', `/api/conversations/${conversationId}`);
    expect(conversation.status).toBe(200);
    expect(conversation.body.messages).toEqual(conversationOfA.body.messages);
    const after = await usage(b.idToken);
    expect(after.tokens).toEqual({
      input: usageA.tokens.input + usageB.tokens.input,
      output: usageA.tokens.output + usageB.tokens.output,
      total: usageA.tokens.total + usageB.tokens.total,
    });

    // A is done: it may spend nothing more.
    const refused = await stack.api(a.idToken, 'POST', '/api/agents', { name: 'More', finalAgentPrompt: 'p' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');

    // A has nothing left, and A's token cannot reach what is now B's.
    expect((await stack.api(a.idToken, 'GET', '/api/agents')).body.agents).toEqual([]);
    expect((await usage(a.idToken)).tokens.total).toBe(0);
    for (const path of [
      `/api/agents/${hourly.id}`,
      `/api/executions/${runA}`,
      `/api/conversations/${conversationId}`,
    ]) {
      const res = await stack.api(a.idToken, 'GET', path);
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({
        path,
        status: 404,
        code: 'not_found',
      });
    }

    // The run A's agent had queued fires at its time, for B, and charges B.
    stub.script(textReply('Prices at half past', { input_tokens: 400, output_tokens: 40 }));
    stack.clock.set(new Date(Date.parse(hourly.nextRunAt as string) + 1000));
    await stack.tasks.idle();
    const scheduledId = scheduledExecutionId(hourly.id, hourly.nextRunAt as string);
    const scheduled = await stack.api(b.idToken, 'GET', `/api/executions/${scheduledId}`);
    expect(scheduled.body).toMatchObject({ status: 'success', trigger: 'schedule', result: 'Prices at half past' });
    const afterRun = await usage(b.idToken);
    expect(afterRun.tokens.total).toBe(after.tokens.total + 440);
    expect((await usage(a.idToken)).tokens.total).toBe(0);
    // Its next run is queued under B too.
    const next = await stack.store.get<{ userId: string }>(
      `executions/${scheduledExecutionId(hourly.id, new Date(Date.parse(hourly.nextRunAt as string) + 3600_000))}`,
    );
    expect(next?.data).toMatchObject({ userId: b.uid, status: 'queued' });

    // Again: nothing moves, nothing is counted twice.
    const again = await merge(b.idToken, { guestIdToken: a.idToken });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ moved: { agents: 0, executions: 0, conversations: 0, messages: 0 } });
    expect((await usage(b.idToken)).tokens).toEqual(afterRun.tokens);

    // Clean up the schedule so nothing else in this file runs it.
    expect((await stack.api(b.idToken, 'DELETE', `/api/agents/${hourly.id}`)).status).toBe(204);
  });

  test.each([
    { name: 'a forged guest token is 401', guestIdToken: 'not-a-token', status: 401, code: 'unauthenticated' },
    { name: 'a missing guest token is 401', guestIdToken: undefined, status: 401, code: 'unauthenticated' },
    { name: 'merging yourself is 400', guestIdToken: 'self', status: 400, code: 'invalid_argument' },
  ])('$name, and nothing moves', async ({ guestIdToken, status, code }) => {
    const b = await signedIn();
    await createAgent(b.idToken, { name: 'Mine' });
    const token = guestIdToken === 'self' ? b.guestIdToken : guestIdToken;
    const res = await merge(b.idToken, token === undefined ? {} : { guestIdToken: token });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect((await stack.api(b.idToken, 'GET', '/api/agents')).body.agents).toHaveLength(1);
  });

  test('a guest caller may not merge another guest into itself (403), and nothing moves', async () => {
    const victim = await stack.guest();
    const fresh = await stack.guest();
    await createAgent(victim.idToken, { name: 'Spent' });
    const res = await merge(fresh.idToken, { guestIdToken: victim.idToken });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('permission_denied');
    expect((await stack.api(victim.idToken, 'GET', '/api/agents')).body.agents).toHaveLength(1);
    expect((await stack.api(fresh.idToken, 'GET', '/api/agents')).body.agents).toHaveLength(0);
  });

  test('without the caller’s own token it is 401', async () => {
    const a = await stack.guest();
    const res = await merge(undefined, { guestIdToken: a.idToken });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});
