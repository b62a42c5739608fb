/**
 * Production Store adapter: a thin mapping of the Store port onto
 * `@google-cloud/firestore`, imported on first use so cold starts stay small.
 * Times are ISO strings in our documents, so no Timestamp conversion is needed.
 *
 * `undefined` in a write is refused (the client's default; no
 * `ignoreUndefinedProperties`), as the local store refuses it: a stray undefined
 * fails in tests instead of being dropped silently here. A transaction writes at
 * most 500 documents, the limit the local store keeps too (core ports/limits.ts).
 */

import {
  type AppError,
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from '@agent-platform/core/errors';
import type { DocData, Patch, QuerySpec, Store, StoredDoc, Transaction } from '@agent-platform/core/ports';
import { assertWriteCount, autoId, Increment } from '@agent-platform/core/ports';
import type * as FirestoreTypes from '@google-cloud/firestore';
import type { Config } from '../shared/config';

type Firestore = FirestoreTypes.Firestore;
type Module = typeof FirestoreTypes;

// gRPC status codes the Firestore client reports (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;
const ABORTED = 10;
const UNAVAILABLE = 14;

export class FirestoreStore implements Store {
  private client?: Promise<{ db: Firestore; mod: Module }>;

  constructor(private readonly config: Pick<Config, 'projectId'>) {}

  private connect(): Promise<{ db: Firestore; mod: Module }> {
    this.client ??= import('@google-cloud/firestore').then((mod) => ({
      mod,
      // REST avoids loading gRPC on cold start for simple calls (firebase-admin-node#1107).
      db: new mod.Firestore({ projectId: this.config.projectId, preferRest: true }),
    }));
    return this.client;
  }

  newId(): string {
    return autoId();
  }

  async get(path: string): Promise<StoredDoc | null> {
    const { db } = await this.connect();
    return toDoc(await guard(() => db.doc(path).get()));
  }

  async query(spec: QuerySpec): Promise<StoredDoc[]> {
    const { db, mod } = await this.connect();
    const snap = await guard(() => buildQuery(db, mod, spec).get());
    return snap.docs.map((d) => toDoc(d) as StoredDoc);
  }

  async create(path: string, data: DocData): Promise<void> {
    const { db } = await this.connect();
    await guard(() => db.doc(path).create(data));
  }

  async set(path: string, data: DocData): Promise<void> {
    const { db } = await this.connect();
    await guard(() => db.doc(path).set(data));
  }

  async update(path: string, patch: Patch): Promise<void> {
    const { db, mod } = await this.connect();
    await guard(() => db.doc(path).update(toFirestorePatch(mod, patch)));
  }

  async delete(path: string): Promise<void> {
    const { db } = await this.connect();
    await guard(() => db.doc(path).delete());
  }

  async runTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const { db, mod } = await this.connect();
    return guard(() =>
      db.runTransaction(async (t) => {
        let writes = 0;
        // Counted once the client library took the write (it throws on undefined, for one).
        const counted = (write: () => void) => {
          write();
          writes++;
        };
        const tx: Transaction = {
          get: async (path: string) => toDoc(await t.get(db.doc(path))),
          query: async (spec: QuerySpec) =>
            (await t.get(buildQuery(db, mod, spec))).docs.map((d) => toDoc(d) as StoredDoc),
          create: (path, data) => counted(() => t.create(db.doc(path), data)),
          set: (path, data) => counted(() => t.set(db.doc(path), data)),
          update: (path, patch) => counted(() => t.update(db.doc(path), toFirestorePatch(mod, patch))),
          delete: (path) => counted(() => t.delete(db.doc(path))),
        };
        const result = await fn(tx);
        // Thrown inside the transaction function: Firestore rolls it back and does not retry it.
        assertWriteCount(writes);
        return result;
      }),
    );
  }
}

function buildQuery(db: Firestore, mod: Module, spec: QuerySpec): FirestoreTypes.Query {
  let q: FirestoreTypes.Query = db.collection(spec.collection);
  for (const [field, op, value] of spec.where ?? []) q = q.where(field, op, value);
  for (const [field, dir] of spec.orderBy ?? []) q = q.orderBy(field, dir);
  if (spec.startAfter) {
    // The id of the cursor's document, ordered as the index orders it: after the last field, in its direction.
    q = q.orderBy(mod.FieldPath.documentId(), spec.orderBy?.at(-1)?.[1] ?? 'asc').startAfter(...spec.startAfter);
  }
  if (spec.limit !== undefined) q = q.limit(spec.limit);
  return q;
}

function toDoc(snap: FirestoreTypes.DocumentSnapshot): StoredDoc | null {
  if (!snap.exists) return null;
  return { id: snap.id, path: snap.ref.path, data: snap.data() as DocData };
}

function toFirestorePatch(mod: Module, patch: Patch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    out[field] = value instanceof Increment ? mod.FieldValue.increment(value.by) : value;
  }
  return out;
}

/**
 * Our error for a Firestore error, or null to pass it on as it is (errors the
 * client library throws before sending anything have no code: bugs, 500).
 */
export function storeErrorOf(err: unknown): AppError | null {
  const { code, details } = err as { code?: number; details?: string };
  const detail = typeof details === 'string' && details ? details : (err as Error)?.message;
  if (code === ALREADY_EXISTS)
    return new ConflictError({ en: 'The document already exists.', ko: '문서가 이미 있습니다.' });
  if (code === NOT_FOUND) return new NotFoundError({ en: 'The document', ko: '문서' });
  // A write over 1 MiB, an `in` with over 30 values, a reserved id: the request is at fault.
  if (code === INVALID_ARGUMENT)
    return new InvalidArgumentError({
      en: detail ?? 'Firestore refused the request.',
      ko: '데이터베이스가 요청을 거부했습니다(문서가 너무 크거나 값이 올바르지 않습니다).',
    });
  // "The query requires an index": a deployment without the index, never fixed by retrying.
  if (code === FAILED_PRECONDITION) return new FailedPreconditionError(detail ?? 'Firestore refused the query.', err);
  // ABORTED: the client retried a contended transaction and gave up ("Too much contention").
  if (code === ABORTED || code === UNAVAILABLE)
    return new UnavailableError(
      { en: 'Firestore is busy; try again.', ko: '데이터베이스가 바쁩니다. 다시 시도해 주세요.' },
      err,
    );
  return null;
}

/** Maps Firestore's status codes to our errors (storeErrorOf). */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw storeErrorOf(err) ?? err;
  }
}
