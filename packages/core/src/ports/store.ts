/**
 * The Store port: a small document database shaped like Firestore, so the
 * production adapter is a thin mapping and the local one (SQLite) can honour the
 * same contract (functions/test/contracts/store-contract.ts).
 *
 * Paths alternate collection and document ids: `agents/a1`,
 * `conversations/c1/messages/m1`. Field names are plain identifiers; dotted
 * names address nested fields in `update` patches and queries (`lastRun.status`).
 * Times are stored as ISO-8601 UTC strings (docs/decisions/2026-11-22-iso-times.md),
 * so they order correctly and read the same from both adapters and the web.
 */

export type DocData = Record<string, unknown>;

export interface StoredDoc<T = DocData> {
  id: string;
  path: string;
  data: T;
}

export type WhereOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'array-contains';
export type WhereClause = readonly [field: string, op: WhereOp, value: unknown];
export type OrderClause = readonly [field: string, direction: 'asc' | 'desc'];

/** A query over one collection (a top-level name or a subcollection path). */
export interface QuerySpec {
  collection: string;
  where?: readonly WhereClause[];
  orderBy?: readonly OrderClause[];
  /**
   * A cursor: the values of the last document of the previous page, one per
   * `orderBy` field, then its id. Documents with equal values continue by id, in
   * the direction of the last `orderBy` (Firestore's implicit `__name__` order).
   */
  startAfter?: readonly unknown[];
  limit?: number;
}

/** Adds `by` to a numeric field in an update (missing counts as 0). */
export class Increment {
  constructor(readonly by: number) {}
}
export const increment = (by: number): Increment => new Increment(by);

/** A patch for `update`: dotted field paths to new values or increments. */
export type Patch = Record<string, unknown>;

/**
 * Reads return plain data: what a document holds is only known once it is
 * parsed, which the functions' typed collections do on every read
 * (functions/src/store/collection.ts).
 */
export interface StoreReader {
  get(path: string): Promise<StoredDoc | null>;
  query(spec: QuerySpec): Promise<StoredDoc[]>;
}

/**
 * A transaction: reads first, then writes (as in Firestore). Writes are buffered
 * and applied atomically on commit; if any document read changed meanwhile the
 * whole function runs again, so it must have no side effects outside `tx`.
 */
export interface Transaction extends StoreReader {
  create(path: string, data: DocData): void;
  set(path: string, data: DocData): void;
  update(path: string, patch: Patch): void;
  delete(path: string): void;
}

export interface Store extends StoreReader {
  /** Fails with ConflictError when the document exists. */
  create(path: string, data: DocData): Promise<void>;
  /** Replaces the document (or creates it). */
  set(path: string, data: DocData): Promise<void>;
  /** Changes fields of an existing document; NotFoundError when it is missing. */
  update(path: string, patch: Patch): Promise<void>;
  /** Removes the document if present (no error when missing). */
  delete(path: string): Promise<void>;
  runTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** A new random document id (20 characters, as Firestore makes them). */
  newId(): string;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Firestore-style auto id: 20 random characters from a 62-letter alphabet. */
export function autoId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = '';
  for (const b of bytes) id += ID_CHARS[b % 62];
  return id;
}

/** Splits a document path into its collection path and id; throws on a bad path. */
export function splitDocPath(path: string): { collection: string; id: string; group: string } {
  const parts = path.split('/');
  if (parts.length < 2 || parts.length % 2 !== 0 || parts.some((p) => p === '')) {
    throw new Error(`Not a document path: ${path}`);
  }
  const id = parts[parts.length - 1] as string;
  const collection = parts.slice(0, -1).join('/');
  return { collection, id, group: parts[parts.length - 2] as string };
}

/** A plain field name, optionally dotted into nested maps (`lastRun.status`, `usage.2026-11.input`). */
export const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/;

/**
 * A document id as the platform makes them (Firestore auto ids and our derived ids);
 * ids matching `__.*__` are Firestore's own and refused (https://cloud.google.com/firestore/quotas).
 */
export const DOC_ID = /^(?!__.*__$)[A-Za-z0-9_-]{1,128}$/;

/** True for a plain (optionally dotted) field name. */
export function isFieldPath(field: unknown): field is string {
  return typeof field === 'string' && FIELD_PATH.test(field);
}

/** True for an id that can name a document (anything else, e.g. one with a `/`, would change the path). */
export function isDocId(id: unknown): id is string {
  return typeof id === 'string' && DOC_ID.test(id);
}

/** Throws unless `field` is a plain (optionally dotted) field name. */
export function assertFieldPath(field: string): void {
  if (!isFieldPath(field)) throw new Error(`Not a field path: ${field}`);
}

/**
 * Applies an update patch to a plain object, Firestore-style: dotted keys reach
 * into nested maps (creating them), Increments add to numbers. Changes `data`
 * itself and returns it: pass a copy you own (the local store passes the document
 * it has just parsed, so no write clones a whole document twice).
 */
export function applyPatch(data: DocData, patch: Patch): DocData {
  const out = data;
  for (const [field, value] of Object.entries(patch)) {
    assertFieldPath(field);
    const keys = field.split('.');
    let target: Record<string, unknown> = out;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1] as string;
    if (value instanceof Increment) {
      const current = target[last];
      target[last] = (typeof current === 'number' ? current : 0) + value.by;
    } else {
      // Stores check patches first (limits.ts `assertPatch`): Firestore refuses undefined.
      target[last] = structuredClone(value);
    }
  }
  return out;
}

/** Reads a dotted field from a document's data (undefined when absent). */
export function readField(data: DocData, field: string): unknown {
  let value: unknown = data;
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
