/**
 * The check a request makes before it queues work that will spend: does the
 * first model call's worst case fit every budget now? (The work holds it for
 * real when it starts; this only spares people a run that would be refused.)
 * The same read records the account's sign-in provider, which decides whether
 * the guest or the signed-in budget applies to its scheduled runs later.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import { PermissionDeniedError } from '@agent-platform/core/errors';
import type { BudgetName } from '@agent-platform/core/usage';
import type { Adapters } from '../shared/factory';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { PLATFORM_SPEND_ID, platform } from '../store/platform';
import { newUserDoc, users } from '../store/users';
import { type HoldAsk, type LedgerView, refusalFor } from './budgets';
import { BudgetRefusedError } from './refusal';

type Deps = Pick<Adapters, 'store' | 'config' | 'now'>;

/**
 * Throws BudgetRefusedError (429) when `ask` does not fit; marks the agent blocked
 * when it is the agent's run. `askFor` gives the ask that would really be held,
 * when that depends on what is left (a workspace session: runs/run-holds.ts).
 */
export async function assertFirstCallFits(
  deps: Deps,
  uid: string,
  provider: string | undefined,
  ask: HoldAsk,
  agent?: Doc<AgentDoc> | null,
  askFor?: (view: LedgerView) => HoldAsk,
): Promise<void> {
  const now = deps.now();
  const user = await users.get(deps.store, uid);
  if (user?.data.mergedInto) throw mergedAccount();
  await noteProvider(deps, uid, provider, user);
  const platformDoc =
    deps.config.budget.platformUsd !== undefined ? await platform.get(deps.store, PLATFORM_SPEND_ID) : null;
  const view = {
    uid,
    user: user ? { ...user.data, provider: provider ?? user.data.provider } : undefined,
    platform: platformDoc?.data,
    now,
  };
  const refusal = refusalFor(view, deps.config, askFor ? askFor(view) : ask);
  if (!refusal) return;
  const err = new BudgetRefusedError(refusal);
  if (agent) await markBlocked(deps, agent, err.blockedBy);
  throw err;
}

/** Keeps the account's sign-in provider on its document (a write only when it changed). */
export async function noteProvider(
  deps: Deps,
  uid: string,
  provider: string | undefined,
  known?: Awaited<ReturnType<typeof users.get>>,
): Promise<void> {
  if (!provider) return;
  const user = known !== undefined ? known : await users.get(deps.store, uid);
  if (user?.data.mergedInto) throw mergedAccount();
  if (user?.data.provider === provider) return;
  await deps.store.runTransaction(async (tx) => {
    const current = await users.get(tx, uid);
    if (current) {
      if (current.data.provider !== provider) users.update(tx, uid, { provider });
      return;
    }
    users.create(tx, uid, newUserDoc(uid, deps.now(), { provider }));
  });
}

async function markBlocked(deps: Deps, agent: Doc<AgentDoc>, by: BudgetName): Promise<void> {
  if (agent.data.blockedBy === by) return;
  await deps.store.runTransaction(async (tx) => {
    const current = await agents.get(tx, agent.id);
    if (current && current.data.blockedBy !== by) agents.update(tx, agent.id, { blockedBy: by });
  });
}

/** A guest whose data moved into another account: it is done (docs/api.md "Money"). */
export function mergedAccount(): PermissionDeniedError {
  return new PermissionDeniedError(
    'This guest account was merged into a signed-in account; sign in to that account to go on.',
    '이 게스트 계정은 로그인한 계정으로 합쳐졌습니다. 그 계정으로 로그인해 계속해 주세요.',
  );
}
