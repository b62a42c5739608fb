/**
 * Merging a guest account into the account the person signed in to.
 *
 * A guest (Firebase anonymous auth) who links a Google account keeps its uid,
 * unless that Google account exists already: the browser then signs in to it
 * under another uid (https://firebase.google.com/docs/auth/web/account-linking), and everything the guest made must
 * move to that uid here, on the server, since clients never write Firestore.
 *
 * The move is a series of small transactions (≤ 400 writes each), each picking up
 * whatever the guest still owns, so a repeated or interrupted merge finishes the
 * job and counts nothing twice. Usage moves in one transaction that also empties
 * the guest's usage and marks it `mergedInto`.
 */
import {
  ConflictError,
  InvalidArgumentError,
  PermissionDeniedError,
  UnauthenticatedError,
} from '@agent-platform/core/errors';
import type { AuthUser } from '@agent-platform/core/ports';
import type { MonthUsage, UserDoc } from '@agent-platform/core/usage';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { conversations, messagesOf } from '../store/conversations';
import { executions } from '../store/executions';
import {
  ownedAgents,
  ownedConversations,
  ownedExecutions,
  ownedMessages,
  reassign,
  unfinishedRunsOf,
} from '../store/ownership';
import { addMonthlyUsage, newUserDoc, users } from '../store/users';

/** Sign-in providers whose accounts are guests: Firebase anonymous auth (the local stack's guests say the same). */
export const GUEST_PROVIDERS: readonly string[] = ['anonymous'];

/** Writes per transaction: under Firestore's 500 per commit, with room to spare. */
export const MAX_WRITES_PER_TRANSACTION = 400;

/** Agents examined per transaction (each with its unfinished runs). */
const AGENTS_PER_TRANSACTION = 100;
const CONVERSATIONS_PER_PAGE = 100;

export interface MergeCounts {
  agents: number;
  executions: number;
  conversations: number;
  messages: number;
}

type Deps = Pick<Adapters, 'store' | 'auth' | 'now'>;

/**
 * Verifies the guest's ID token and moves everything that guest owns to `caller`.
 * 401 when the guest token is not valid; 400 when it is not a guest's, or is the
 * caller's own; 409 when that guest was merged into a different account already.
 */
export async function mergeGuestAccount(
  deps: Deps,
  caller: AuthUser,
  guestIdToken: string,
): Promise<{ moved: MergeCounts }> {
  if (GUEST_PROVIDERS.includes(caller.provider)) {
    throw new PermissionDeniedError(
      'Sign in with your own account (not as a guest) to merge a guest into it.',
      '게스트가 아닌 본인 계정으로 로그인해야 게스트 계정을 합칠 수 있습니다.',
    );
  }
  const guest = await verifyGuest(deps, guestIdToken);
  if (!GUEST_PROVIDERS.includes(guest.provider)) {
    throw new InvalidArgumentError(
      {
        en: 'Only a guest account can be merged into another account.',
        ko: '게스트 계정만 다른 계정으로 합칠 수 있습니다.',
      },
      [
        {
          field: 'guestIdToken',
          message: `The token is of a ${guest.provider} account, not a guest.`,
          ko: `게스트가 아니라 ${guest.provider} 계정의 토큰입니다.`,
        },
      ],
    );
  }
  if (guest.uid === caller.uid) {
    throw new InvalidArgumentError(
      {
        en: 'The guest token is your own: there is nothing to merge.',
        ko: '내 계정의 게스트 토큰입니다. 합칠 것이 없습니다.',
      },
      [
        {
          field: 'guestIdToken',
          message: 'Send the ID token of the guest account, taken before signing in.',
          ko: '로그인하기 전에 받은 게스트 계정의 ID 토큰을 보내세요.',
        },
      ],
    );
  }
  const before = await users.get(deps.store, guest.uid);
  assertNotMergedElsewhere(before, caller.uid);

  const moved = await moveGuestData(deps, guest.uid, caller.uid);
  log.info('merged a guest account', { guestUid: guest.uid, uid: caller.uid, moved });
  return { moved };
}

async function verifyGuest(deps: Deps, guestIdToken: string): Promise<AuthUser> {
  try {
    return await deps.auth.verifyIdToken(guestIdToken);
  } catch (err) {
    if (err instanceof UnauthenticatedError) {
      throw new UnauthenticatedError({
        en: "The guest's ID token is not valid or has expired.",
        ko: '게스트의 ID 토큰이 올바르지 않거나 만료되었습니다.',
      });
    }
    throw err;
  }
}

function assertNotMergedElsewhere(guest: Doc<UserDoc> | null, to: string): void {
  const into = guest?.data.mergedInto;
  if (into && into !== to)
    throw new ConflictError({
      en: 'This guest account was merged into another account already.',
      ko: '이 게스트 계정은 이미 다른 계정으로 합쳐졌습니다.',
    });
}

/**
 * Moves the guest's agents (with their pending runs), executions, conversations
 * (with their messages) and usage from `from` to `to`. Safe to run again.
 */
export async function moveGuestData(deps: Pick<Adapters, 'store' | 'now'>, from: string, to: string) {
  const moved: MergeCounts = { agents: 0, executions: 0, conversations: 0, messages: 0 };
  const agents = await moveAgents(deps, from, to);
  moved.agents = agents.agents;
  moved.executions = agents.runs + (await moveExecutions(deps, from, to));
  const chats = await moveConversations(deps, from, to);
  moved.conversations = chats.conversations;
  moved.messages = chats.messages;
  await moveUsage(deps, from, to);
  return moved;
}

/**
 * Agents move together with their queued and running executions in one
 * transaction: a run claimed in between would find the agent and the run owned
 * by different users, count it as someone else's and drop it (runs/claim.ts).
 */
async function moveAgents(deps: Pick<Adapters, 'store'>, from: string, to: string) {
  const total = { agents: 0, runs: 0 };
  for (;;) {
    const step = await deps.store.runTransaction(async (tx) => {
      const owned = await ownedAgents(tx, from, AGENTS_PER_TRANSACTION);
      const plan: { id: string; runs: string[] }[] = [];
      let writes = 0;
      // Every read before any write, as Firestore transactions require.
      for (const agent of owned) {
        const runs = await unfinishedRunsOf(tx, agent.id, from, MAX_WRITES_PER_TRANSACTION - 1);
        if (plan.length > 0 && writes + 1 + runs.length > MAX_WRITES_PER_TRANSACTION) break;
        plan.push({ id: agent.id, runs: runs.map((r) => r.id) });
        writes += 1 + runs.length;
      }
      for (const { id, runs } of plan) {
        for (const run of runs) reassign(tx, executions, run, to);
        reassign(tx, agents, id, to);
      }
      return { agents: plan.length, runs: writes - plan.length };
    });
    if (step.agents === 0) return total;
    total.agents += step.agents;
    total.runs += step.runs;
  }
}

/** The remaining executions (finished runs, test runs of drafts), a chunk per transaction. */
async function moveExecutions(deps: Pick<Adapters, 'store'>, from: string, to: string): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deps.store.runTransaction(async (tx) => {
      const runs = await ownedExecutions(tx, from, MAX_WRITES_PER_TRANSACTION);
      for (const run of runs) reassign(tx, executions, run.id, to);
      return runs.length;
    });
    if (n === 0) return total;
    total += n;
  }
}

/**
 * Each conversation's messages move first and the conversation last, so an
 * interrupted merge still finds the conversation under the guest next time.
 */
async function moveConversations(deps: Pick<Adapters, 'store'>, from: string, to: string) {
  const total = { conversations: 0, messages: 0 };
  for (;;) {
    const page = await ownedConversations(deps.store, from, CONVERSATIONS_PER_PAGE);
    if (page.length === 0) return total;
    for (const conversation of page) {
      total.messages += await moveMessages(deps, conversation.id, from, to);
      const moved = await deps.store.runTransaction(async (tx) => {
        const current = await conversations.get(tx, conversation.id);
        if (current?.data.userId !== from) return false;
        reassign(tx, conversations, conversation.id, to);
        return true;
      });
      if (moved) total.conversations++;
    }
  }
}

async function moveMessages(deps: Pick<Adapters, 'store'>, conversationId: string, from: string, to: string) {
  let total = 0;
  for (;;) {
    const n = await deps.store.runTransaction(async (tx) => {
      const messages = await ownedMessages(tx, conversationId, from, MAX_WRITES_PER_TRANSACTION);
      for (const m of messages) reassign(tx, messagesOf(conversationId), m.id, to);
      return messages.length;
    });
    if (n === 0) return total;
    total += n;
  }
}

/**
 * Adds every month of the guest's usage to `to` and, in the same transaction,
 * empties the guest's and marks it merged: a second merge finds nothing to add.
 */
async function moveUsage(deps: Pick<Adapters, 'store' | 'now'>, from: string, to: string): Promise<void> {
  await deps.store.runTransaction(async (tx) => {
    const guest = await users.get(tx, from);
    const target = await users.get(tx, to);
    assertNotMergedElsewhere(guest, to);
    const now = deps.now();
    const at = now.toISOString();
    const months = Object.fromEntries(Object.entries(guest?.data.usage ?? {}).filter(([, u]) => hasUsage(u)));
    if (Object.keys(months).length > 0) addMonthlyUsage(tx, target, to, months, now);
    if (guest) {
      users.update(tx, from, { usage: {}, holds: {}, mergedInto: to, mergedAt: at });
    } else {
      users.create(tx, from, newUserDoc(from, now, { provider: 'anonymous', mergedInto: to, mergedAt: at }));
    }
  });
}

function hasUsage(u: MonthUsage): boolean {
  return u.input !== 0 || u.output !== 0 || u.costUsd !== 0 || u.designer.turns !== 0;
}
