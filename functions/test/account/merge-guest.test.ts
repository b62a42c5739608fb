/**
 * Merging a guest into another account, on the real local store: what moves,
 * what does not, chunked transactions, repeats and interruptions, and that a
 * moved agent's queued run is still claimed as its owner's.
 */

import { type AppError, UnauthenticatedError } from '@agent-platform/core/errors';
import type { AuthUser, DocData, Store, Transaction } from '@agent-platform/core/ports';
import { parseMergeBody } from '../../src/account/routes';
import { MAX_WRITES_PER_TRANSACTION, mergeGuestAccount } from '../../src/account/service';
import { createAgent, listAgents } from '../../src/agents/service';
import { claimExecution } from '../../src/runs/claim';
import { newExecution } from '../../src/store/executions';
import { type AgentHarness, agentHarness } from '../agents/harness';

const GUEST: AuthUser = { uid: 'guest-a', provider: 'anonymous' };
const OWNER: AuthUser = { uid: 'google-b', provider: 'google.com' };
const OTHER: AuthUser = { uid: 'someone-c', provider: 'google.com' };
const TOKENS: Record<string, AuthUser> = { 'tok-guest': GUEST, 'tok-owner': OWNER, 'tok-other': OTHER };

const hourly = { frequency: 'hourly', time: '00:00', timezone: 'UTC' };

let h: AgentHarness;
/** Writes of each committed-or-not transaction, in order. */
let txWrites: number[];
/** When set, the n-th transaction from now throws before committing (a crash mid-merge). */
let failTransactionAt: number | null;

beforeEach(() => {
  h = agentHarness('2026-11-22T00:10:00.000Z');
  h.deps.auth = {
    verifyIdToken: async (token) => {
      const user = TOKENS[token];
      if (!user) throw new UnauthenticatedError();
      return user;
    },
  };
  txWrites = [];
  failTransactionAt = null;
  const store = h.store;
  const runTransaction = store.runTransaction.bind(store);
  // Count each transaction's writes; optionally crash one.
  (store as Store).runTransaction = <T>(fn: (tx: Transaction) => Promise<T>) =>
    runTransaction(async (tx) => {
      let writes = 0;
      const count = () => {
        writes++;
      };
      const counted: Transaction = {
        get: (p) => tx.get(p),
        query: (q) => tx.query(q),
        create: (p, d) => {
          count();
          tx.create(p, d);
        },
        set: (p, d) => {
          count();
          tx.set(p, d);
        },
        update: (p, d) => {
          count();
          tx.update(p, d);
        },
        delete: (p) => {
          count();
          tx.delete(p);
        },
      } as Transaction;
      const result = await fn(counted);
      txWrites.push(writes);
      if (failTransactionAt !== null && --failTransactionAt === 0) throw new Error('crashed');
      return result;
    });
});
afterEach(() => h.store.close());

const merge = (caller: AuthUser, token = 'tok-guest') => mergeGuestAccount(h.deps, caller, token);

async function seedConversation(uid: string, id: string, messages: number) {
  await h.store.set(`conversations/${id}`, {
    userId: uid,
    title: 'Stocks',
    createdAt: '2026-11-22T00:00:00.000Z',
    updatedAt: '2026-11-22T00:00:00.000Z',
  });
  for (let i = 0; i < messages; i++) {
    await h.store.set(`conversations/${id}/messages/m${i}`, {
      userId: uid,
      role: i % 2 ? 'assistant' : 'user',
      content: `message ${i}`,
      timestamp: new Date(Date.UTC(2026, 10, 22, 0, 0, i)).toISOString(),
    });
  }
}

async function seedFinishedRuns(uid: string, agentId: string | null, n: number) {
  for (let i = 0; i < n; i++) {
    const doc = newExecution({
      userId: uid,
      agentId,
      trigger: 'manual',
      scheduledFor: new Date(Date.UTC(2026, 9, 1, 0, i)),
      model: 'm',
      now: h.deps.now(),
      staleAfter: h.deps.now(),
    });
    await h.store.set(`executions/old-${uid}-${i}`, { ...doc, status: 'success', staleAfter: null } as DocData);
  }
}

const usageOf = async (uid: string) => (await h.store.get<{ usage: Record<string, unknown> }>(`users/${uid}`))?.data;
const ownerOf = async (path: string) => (await h.store.get<{ userId: string }>(path))?.data.userId;

describe('merging a guest into the signed-in account', () => {
  test('moves agents, runs, conversations with their messages and adds the usage, leaving others alone', async () => {
    const scheduled = await createAgent(h.deps, GUEST.uid, {
      name: 'Hourly',
      finalAgentPrompt: 'p',
      schedule: hourly,
      status: 'active',
    });
    await createAgent(h.deps, GUEST.uid, { name: 'Draft', finalAgentPrompt: 'p' });
    const bystander = await createAgent(h.deps, OTHER.uid, { name: 'Theirs', finalAgentPrompt: 'p' });
    await seedFinishedRuns(GUEST.uid, scheduled.id, 3);
    await seedFinishedRuns(OTHER.uid, bystander.id, 1);
    await seedConversation(GUEST.uid, 'c-guest', 4);
    await seedConversation(OTHER.uid, 'c-other', 2);
    await h.store.set(`users/${GUEST.uid}`, {
      userId: GUEST.uid,
      usage: {
        '2026-10': { input: 100, output: 10, costUsd: 0.5 },
        '2026-11': { input: 1000, output: 200, costUsd: 0.25 },
      },
      budgetUsd: null,
      createdAt: '2026-10-01T00:00:00.000Z',
    });
    await h.store.set(`users/${OWNER.uid}`, {
      userId: OWNER.uid,
      usage: { '2026-11': { input: 5, output: 5, costUsd: 0.01 } },
      budgetUsd: 12.5,
      createdAt: '2026-01-01T00:00:00.000Z',
    });

    const result = await merge(OWNER);

    // 3 finished runs + the queued run of the scheduled agent.
    expect(result).toEqual({ moved: { agents: 2, executions: 4, conversations: 1, messages: 4 } });
    expect((await listAgents(h.deps, OWNER.uid)).map((a) => a.name).sort()).toEqual(['Draft', 'Hourly']);
    expect(await listAgents(h.deps, GUEST.uid)).toEqual([]);
    expect(await ownerOf(`executions/old-${GUEST.uid}-2`)).toBe(OWNER.uid);
    expect(await ownerOf('conversations/c-guest')).toBe(OWNER.uid);
    expect(await ownerOf('conversations/c-guest/messages/m3')).toBe(OWNER.uid);
    expect(await ownerOf(`agents/${bystander.id}`)).toBe(OTHER.uid);
    expect(await ownerOf(`executions/old-${OTHER.uid}-0`)).toBe(OTHER.uid);
    expect(await ownerOf('conversations/c-other/messages/m1')).toBe(OTHER.uid);

    const owner = await h.store.get<Record<string, unknown>>(`users/${OWNER.uid}`);
    expect(owner?.data.usage).toEqual({
      '2026-10': expect.objectContaining({ input: 100, output: 10, costUsd: 0.5 }),
      '2026-11': expect.objectContaining({ input: 1005, output: 205, costUsd: 0.26 }),
    });
    expect(owner?.data.budgetUsd).toBe(12.5);
    expect(await usageOf(GUEST.uid)).toMatchObject({ usage: {}, mergedInto: OWNER.uid });
  });

  test('a moved agent’s queued scheduled run is claimed for its new owner, not dropped as stale', async () => {
    const agent = await createAgent(h.deps, GUEST.uid, {
      name: 'Hourly',
      finalAgentPrompt: 'p',
      schedule: hourly,
      status: 'active',
    });
    const task = h.queue.tasks[0];
    expect(task?.payload).toMatchObject({ agentId: agent.id, userId: GUEST.uid });
    await merge(OWNER);

    h.setNow('2026-11-22T01:00:01.000Z');
    // The task still carries the guest's uid in its payload; the claim goes by the execution.
    const claim = await claimExecution(h.deps, task?.payload.executionId ?? '');
    expect(claim.kind).toBe('claimed');
    if (claim.kind === 'claimed') expect(claim.exec.userId).toBe(OWNER.uid);
  });

  test('a run delivered while the merge is half done (agents moved, old runs not yet) is still claimed', async () => {
    await createAgent(h.deps, GUEST.uid, { name: 'Hourly', finalAgentPrompt: 'p', schedule: hourly, status: 'active' });
    await seedFinishedRuns(GUEST.uid, null, 2);
    // The first transaction (the agent with its queued run) commits; the merge stops at the next one.
    failTransactionAt = 2;
    await expect(merge(OWNER)).rejects.toThrow('crashed');
    expect(await ownerOf(`executions/old-${GUEST.uid}-0`)).toBe(GUEST.uid);

    failTransactionAt = null;
    h.setNow('2026-11-22T01:00:01.000Z');
    const claim = await claimExecution(h.deps, h.queue.tasks[0]?.payload.executionId ?? '');
    expect(claim.kind).toBe('claimed');
  });

  test('merging again moves nothing and does not add the usage twice', async () => {
    await createAgent(h.deps, GUEST.uid, { name: 'Draft', finalAgentPrompt: 'p' });
    await h.store.set(`users/${GUEST.uid}`, {
      userId: GUEST.uid,
      usage: { '2026-11': { input: 40, output: 2, costUsd: 0.1 } },
      budgetUsd: null,
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    await merge(OWNER);
    const again = await merge(OWNER);
    expect(again).toEqual({ moved: { agents: 0, executions: 0, conversations: 0, messages: 0 } });
    expect((await usageOf(OWNER.uid))?.usage).toEqual({
      '2026-11': expect.objectContaining({ input: 40, output: 2, costUsd: 0.1 }),
    });
  });

  test('an interrupted merge, run again, finishes the job and counts nothing twice', async () => {
    await createAgent(h.deps, GUEST.uid, { name: 'Hourly', finalAgentPrompt: 'p', schedule: hourly, status: 'active' });
    await seedFinishedRuns(GUEST.uid, null, 5);
    await seedConversation(GUEST.uid, 'c1', 3);
    await h.store.set(`users/${GUEST.uid}`, {
      userId: GUEST.uid,
      usage: { '2026-11': { input: 7, output: 3, costUsd: 0.02 } },
      budgetUsd: null,
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    // Transactions: agents (1), agents (empty), executions (1), executions (empty), messages: crash there.
    failTransactionAt = 5;
    await expect(merge(OWNER)).rejects.toThrow('crashed');
    expect(await ownerOf('conversations/c1')).toBe(GUEST.uid);

    failTransactionAt = null;
    const rest = await merge(OWNER);
    expect(rest.moved).toEqual({ agents: 0, executions: 0, conversations: 1, messages: 3 });
    expect(await ownerOf('conversations/c1/messages/m0')).toBe(OWNER.uid);
    expect((await usageOf(OWNER.uid))?.usage).toEqual({
      '2026-11': expect.objectContaining({ input: 7, output: 3, costUsd: 0.02 }),
    });
  });

  test(`moves hundreds of documents in transactions of at most ${MAX_WRITES_PER_TRANSACTION} writes`, async () => {
    await seedFinishedRuns(GUEST.uid, null, 450);
    await seedConversation(GUEST.uid, 'long', 410);
    const result = await merge(OWNER);
    expect(result.moved).toMatchObject({ executions: 450, messages: 410, conversations: 1 });
    expect(Math.max(...txWrites)).toBeLessThanOrEqual(MAX_WRITES_PER_TRANSACTION);
    expect(h.store.count('executions')).toBe(450);
  });
});

describe('refusals change nothing', () => {
  async function refusal(caller: AuthUser, token: string) {
    await createAgent(h.deps, GUEST.uid, { name: 'Draft', finalAgentPrompt: 'p' });
    const err = (await merge(caller, token).catch((e) => e)) as AppError;
    expect((await listAgents(h.deps, GUEST.uid)).length).toBe(1);
    return { code: err.code, message: err.message };
  }

  test.each([
    { name: 'a token that does not verify is 401', caller: OWNER, token: 'forged', code: 'unauthenticated' },
    { name: 'a non-guest account as the source is 400', caller: OWNER, token: 'tok-other', code: 'invalid_argument' },
    {
      name: 'merging a guest into itself (linked, same uid) is 400',
      caller: { uid: GUEST.uid, provider: 'google.com' },
      token: 'tok-guest',
      code: 'invalid_argument',
    },
    { name: 'a guest caller may not merge at all (403)', caller: GUEST, token: 'tok-other', code: 'permission_denied' },
  ])('$name', async ({ caller, token, code }) => {
    expect((await refusal(caller, token)).code).toBe(code);
  });

  test('a guest merged into one account cannot then be merged into another (409)', async () => {
    await merge(OWNER);
    const { code } = await refusal(OTHER, 'tok-guest');
    expect(code).toBe('conflict');
  });
});

describe('the request body', () => {
  test.each([
    { name: 'a missing token is 401', body: {}, code: 'unauthenticated' },
    { name: 'an empty token is 401', body: { guestIdToken: '' }, code: 'unauthenticated' },
    { name: 'a token that is not a string is 400', body: { guestIdToken: 42 }, code: 'invalid_argument' },
    { name: 'an unknown field is 400', body: { guestIdToken: 't', uid: 'x' }, code: 'invalid_argument' },
    { name: 'an array is 400', body: [], code: 'invalid_argument' },
  ])('$name', ({ body, code }) => {
    expect(() => parseMergeBody(body)).toThrow(expect.objectContaining({ code }));
  });

  test('a well-formed body yields the token', () => {
    expect(parseMergeBody({ guestIdToken: 'abc' })).toBe('abc');
  });
});
