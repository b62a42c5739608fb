/**
 * The production adapter's whole query logic: the same LiveQuery description the
 * local feed takes, mapped one to one onto Firestore web SDK calls. Kept apart
 * from the SDK (passed in) so it can be unit-tested without loading Firebase.
 *
 * A single document is read as a query (`userId == uid` and `documentId() == id`)
 * rather than with `doc()`: the rules evaluate `resource.data.userId`, which
 * fails on a missing document, so a plain `getDoc` of a deleted agent would be
 * "permission denied" instead of "not there".
 */
import type { LiveQuery } from './queries';

/** The handful of Firestore SDK functions the mapping uses (firebase/firestore). */
export interface FirestoreSdk<Db, Q, C> {
  collection(db: Db, path: string): Q;
  query(q: Q, ...constraints: C[]): Q;
  where(field: unknown, op: string, value: unknown): C;
  orderBy(field: string, direction: 'asc' | 'desc'): C;
  limit(n: number): C;
  documentId(): unknown;
}

/** Builds the SDK query for a description; refuses one without the owner clause. */
export function toFirestoreQuery<Db, Q, C>(sdk: FirestoreSdk<Db, Q, C>, db: Db, uid: string, spec: LiveQuery): Q {
  assertOwnerOnly(spec, uid);
  const constraints: C[] = [];
  for (const [field, op, value] of spec.where ?? []) constraints.push(sdk.where(field, op, value));
  if (spec.docId !== undefined) constraints.push(sdk.where(sdk.documentId(), '==', spec.docId));
  for (const [field, dir] of spec.orderBy ?? []) constraints.push(sdk.orderBy(field, dir));
  if (spec.limit !== undefined) constraints.push(sdk.limit(spec.limit));
  return sdk.query(sdk.collection(db, spec.collection), ...constraints);
}

/**
 * firestore.rules allow a read only of documents whose userId is the caller's
 * uid, and Firestore rejects a whole query the rules cannot prove safe; a
 * missing clause would fail in production only, so it fails here first.
 */
export function assertOwnerOnly(spec: LiveQuery, uid: string): void {
  const ok = (spec.where ?? []).some(([f, op, v]) => f === 'userId' && op === '==' && v === uid);
  if (!ok) throw new Error(`Live query on ${spec.collection} lacks the userId == uid clause the rules require`);
}
