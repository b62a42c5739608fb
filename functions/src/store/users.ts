/** `users/{uid}`: a user's usage per month and budget override. */
import { increment, type Transaction } from '@agent-platform/core/ports';
import { type MonthUsage, monthKey, type UserDoc, UserDocSchema } from '@agent-platform/core/usage';
import { Collection, type Doc, type Patch } from './collection';

export const users = new Collection<UserDoc>('users', UserDocSchema);

/**
 * Adds usage to the user's months, creating the user's document when it has
 * none. `existing` is what the transaction read (Firestore wants every read
 * before the first write).
 */
export function addMonthlyUsage(
  tx: Transaction,
  existing: Doc<UserDoc> | null,
  uid: string,
  months: Record<string, MonthUsage>,
  now: Date,
): void {
  if (!existing) {
    users.create(tx, uid, { userId: uid, usage: months, budget: null, createdAt: now.toISOString() });
    return;
  }
  users.update(tx, uid, monthIncrements(months));
}

/** `usage.<month>.input` and friends as increments: nested increments leave the month's other fields alone. */
function monthIncrements(months: Record<string, MonthUsage>): Patch<UserDoc> {
  const patch: Record<string, unknown> = {};
  for (const [month, u] of Object.entries(months)) {
    patch[`usage.${month}.input`] = increment(u.input);
    patch[`usage.${month}.output`] = increment(u.output);
    patch[`usage.${month}.costUsd`] = increment(u.costUsd);
  }
  // Keys built from the month are `usage.${string}.input`, which Patch<UserDoc> allows; TypeScript
  // types a computed key as a plain string, hence the cast.
  return patch as Patch<UserDoc>;
}

/** One month of usage keyed by the month of `at`. */
export function usageOfMonth(at: Date, usage: MonthUsage): Record<string, MonthUsage> {
  return { [monthKey(at)]: usage };
}
