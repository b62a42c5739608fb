/**
 * The budget ledger inside a transaction: read the user's document (and the
 * platform's spend when a platform budget is set), then hold a call's worst
 * case or settle a hold with what the call really cost. Holds live on the
 * documents they count against, so one transaction sees every budget at once
 * and concurrent calls serialise on them: no two calls can both take the last
 * dollar. Lapsed holds are dropped whenever a document is written.
 */
import { increment, type Transaction } from '@agent-platform/core/ports';
import { dayKey, type Hold, monthKey, type UserDoc } from '@agent-platform/core/usage';
import { budgetTokens, type TokenUsage } from '../model/usage';
import type { Config } from '../shared/config';
import type { Doc, Patch } from '../store/collection';
import { PLATFORM_SPEND_ID, type PlatformSpend, platform } from '../store/platform';
import { newUserDoc, users } from '../store/users';
import { type HoldAsk, type LedgerView, liveHolds, refusalFor } from './budgets';
import { BudgetRefusedError } from './refusal';

export interface Ledger extends LedgerView {
  userDoc: Doc<UserDoc> | null;
  platformDoc: Doc<PlatformSpend> | null;
  config: Config;
}

/** Reads what the budgets need; call before the transaction's first write. */
export async function readLedger(
  tx: Transaction,
  deps: { config: Config; now: Date },
  uid: string,
  knownUser?: Doc<UserDoc> | null,
): Promise<Ledger> {
  const userDoc = knownUser !== undefined ? knownUser : await users.get(tx, uid);
  const platformDoc = deps.config.budget.platformUsd !== undefined ? await platform.get(tx, PLATFORM_SPEND_ID) : null;
  return {
    uid,
    user: userDoc?.data,
    userDoc,
    platform: platformDoc?.data,
    platformDoc,
    now: deps.now,
    config: deps.config,
  };
}

/** What a settled call cost and whose row it counts in. */
export interface Charge {
  usage: TokenUsage;
  costUsd: number;
  /** An agent's run (`runs` counts finished runs), or the designer (chat turns, test runs of drafts). */
  bucket: { kind: 'agent'; id: string; name: string; finishedRun: boolean } | { kind: 'designer'; turn: boolean };
}

/**
 * Holds `ask` (replacing the holder's earlier hold) until `until`, or throws
 * BudgetRefusedError naming the first budget it would pass. Writes nothing when refused.
 */
export function hold(tx: Transaction, ledger: Ledger, ask: HoldAsk, until: Date): void {
  const refusal = refusalFor(ledger, ledger.config, ask);
  if (refusal) throw new BudgetRefusedError(refusal);
  const entry: Hold = {
    usd: ask.usd,
    tokens: ask.tokens,
    agentId: ask.agent?.id ?? null,
    kind: ask.kind,
    until: until.toISOString(),
  };
  writeUser(tx, ledger, { ...keep(ledger.user?.holds, ledger.now, ask.holdId), [ask.holdId]: entry });
  if (ledger.config.budget.platformUsd !== undefined) {
    writePlatform(tx, ledger, { ...keep(ledger.platform?.holds, ledger.now, ask.holdId), [ask.holdId]: entry });
  }
}

/** Ends `holdId`'s hold and adds what the call cost (nothing when `charge` is null). */
export function settle(tx: Transaction, ledger: Ledger, holdId: string, charge: Charge | null): void {
  const spent = charge && (charge.costUsd > 0 || budgetTokens(charge.usage) > 0) ? charge : null;
  const holds = keep(ledger.user?.holds, ledger.now, holdId);
  const hadHold = holdId in (ledger.user?.holds ?? {});
  if (spent || hadHold) writeUser(tx, ledger, holds, spent);
  if (ledger.config.budget.platformUsd !== undefined && (spent || holdId in (ledger.platform?.holds ?? {}))) {
    writePlatform(tx, ledger, keep(ledger.platform?.holds, ledger.now, holdId), spent?.costUsd ?? 0);
  }
}

/** Live holds without `drop`. */
function keep(holds: Record<string, Hold> | undefined, now: Date, drop: string): Record<string, Hold> {
  return Object.fromEntries(liveHolds(holds ?? {}, now, drop));
}

function writeUser(tx: Transaction, ledger: Ledger, holds: Record<string, Hold>, charge?: Charge | null): void {
  const month = monthKey(ledger.now);
  if (!ledger.userDoc) {
    users.create(tx, ledger.uid, newUserDoc(ledger.uid, ledger.now, { holds }));
    // A new document takes its first charge as an update in the same transaction.
    if (charge) users.update(tx, ledger.uid, chargePatch(month, dayKey(ledger.now), charge) as Patch<UserDoc>);
    return;
  }
  const patch = { holds, ...(charge ? chargePatch(month, dayKey(ledger.now), charge) : {}) };
  // Keys built from the month and agent id are plain strings to TypeScript, hence the cast.
  users.update(tx, ledger.uid, patch as Patch<UserDoc>);
}

/** Nested increments leave the month's other fields alone. */
function chargePatch(month: string, day: string, charge: Charge): Record<string, unknown> {
  const tokens = budgetTokens(charge.usage);
  const m = `usage.${month}`;
  const patch: Record<string, unknown> = {
    [`${m}.input`]: increment(tokens - charge.usage.output),
    [`${m}.output`]: increment(charge.usage.output),
    [`${m}.costUsd`]: increment(charge.costUsd),
    [`${m}.daily.${day}`]: increment(charge.costUsd),
  };
  const b = charge.bucket;
  if (b.kind === 'agent') {
    const a = `${m}.agents.${b.id}`;
    patch[`${a}.costUsd`] = increment(charge.costUsd);
    patch[`${a}.tokens`] = increment(tokens);
    patch[`${a}.runs`] = increment(b.finishedRun ? 1 : 0);
    // A deleted agent's run knows no name: the one kept from its earlier runs stays.
    if (b.name) patch[`${a}.name`] = b.name;
  } else {
    patch[`${m}.designer.costUsd`] = increment(charge.costUsd);
    patch[`${m}.designer.tokens`] = increment(tokens);
    patch[`${m}.designer.turns`] = increment(b.turn ? 1 : 0);
  }
  return patch;
}

function writePlatform(tx: Transaction, ledger: Ledger, holds: Record<string, Hold>, costUsd = 0): void {
  if (!ledger.platformDoc) {
    const month = monthKey(ledger.now);
    platform.create(tx, PLATFORM_SPEND_ID, { holds, usage: costUsd ? { [month]: { costUsd } } : {} });
    return;
  }
  const patch = { holds, ...(costUsd ? { [`usage.${monthKey(ledger.now)}.costUsd`]: increment(costUsd) } : {}) };
  platform.update(tx, PLATFORM_SPEND_ID, patch as Patch<PlatformSpend>);
}
