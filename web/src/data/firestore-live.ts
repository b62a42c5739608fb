/**
 * The live half of the production adapter: Firestore `onSnapshot` for a
 * LiveQuery. The only module that imports the Firestore SDK (≈ 130 KB gzipped),
 * loaded with a dynamic import after the first data has arrived over REST
 * (firestore-rest.ts), so it is its own chunk, off the first data screen.
 */
import type { FirebaseApp } from 'firebase/app';
import {
  collection,
  documentId,
  type Firestore,
  getFirestore,
  limit,
  onSnapshot,
  orderBy,
  query,
  type WhereFilterOp,
  where,
} from 'firebase/firestore';
import type { LiveDoc, Unsubscribe } from './backend';
import { type ApiError, toApiError } from './errors';
import { type FirestoreSdk, toFirestoreQuery } from './firestore-mapping';
import type { LiveQuery } from './queries';

const sdk = {
  collection: (db: Firestore, path: string) => collection(db, path),
  query,
  where: (field: unknown, op: string, value: unknown) => where(field as string, op as WhereFilterOp, value),
  orderBy,
  limit,
  documentId,
} as unknown as FirestoreSdk<Firestore, ReturnType<typeof collection>, never>;

/** Streams the query's documents from `onSnapshot` under the app's signed-in user. */
export function watchLive(
  app: FirebaseApp,
  uid: string,
  spec: LiveQuery,
  next: (docs: LiveDoc[]) => void,
  fail: (err: ApiError) => void,
): Unsubscribe {
  const q = toFirestoreQuery(sdk, getFirestore(app), uid, spec);
  return onSnapshot(
    q,
    (snap) => next(snap.docs.map((d) => ({ id: d.id, path: d.ref.path, data: d.data() }))),
    (err) => fail(toApiError(err)),
  );
}
