/** `users/{uid}`: a user's usage per month and budget override. */
import { increment, type Transaction } from '@agent-platform/core/ports';
import { type MonthUsage, type UserDoc, UserDocSchema } from '@agent-platform/core/usage';
import { Collection, type Doc, type Patch } from './collection';

export const users = new Collection<UserDoc>('users', UserDocSchema);

/** A user's first document: nothing spent or held, the deployment's budget; `over` sets what the writer knows. */
export function newUserDoc(uid: string, now: Date, over: Partial<UserDoc> = {}): UserDoc {
  return { userId: uid, usage: {}, holds: {}, budgetUsd: null, provider: null, createdAt: now.toISOString(), ...over };
}

/**
 * Adds whole months of usage (totals, per-agent and designer rows, days) to the
 * user's, creating the user's document when it has none. `existing` is what
 * the transaction read (Firestore wants every read before the first write).
 */
export function addMonthlyUsage(
  tx: Transaction,
  existing: Doc<UserDoc> | null,
  uid: string,
  months: Record<string, MonthUsage>,
  now: Date,
): void {
  if (!existing) {
    users.create(tx, uid, newUserDoc(uid, now, { usage: months }));
    return;
  }
  users.update(tx, uid, monthIncrements(months));
}

/** Every number of each month as a nested increment: they leave the month's other fields alone. */
function monthIncrements(months: Record<string, MonthUsage>): Patch<UserDoc> {
  const patch: Record<string, unknown> = {};
  for (const [month, u] of Object.entries(months)) {
    const m = `usage.${month}`;
    patch[`${m}.input`] = increment(u.input);
    patch[`${m}.output`] = increment(u.output);
    patch[`${m}.costUsd`] = increment(u.costUsd);
    patch[`${m}.designer.costUsd`] = increment(u.designer.costUsd);
    patch[`${m}.designer.tokens`] = increment(u.designer.tokens);
    patch[`${m}.designer.turns`] = increment(u.designer.turns);
    for (const [day, usd] of Object.entries(u.daily)) patch[`${m}.daily.${day}`] = increment(usd);
    for (const [id, a] of Object.entries(u.agents)) {
      patch[`${m}.agents.${id}.costUsd`] = increment(a.costUsd);
      patch[`${m}.agents.${id}.tokens`] = increment(a.tokens);
      patch[`${m}.agents.${id}.runs`] = increment(a.runs);
      if (a.name) patch[`${m}.agents.${id}.name`] = a.name;
    }
  }
  // Keys built from the month are plain strings to TypeScript, hence the cast.
  return patch as Patch<UserDoc>;
}
