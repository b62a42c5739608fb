/**
 * The local Store adapter: documents as JSON rows in one SQLite file under
 * LOCAL_DATA_DIR, using Node 22's built-in `node:sqlite` (no native build).
 *
 * - Durability: WAL journal, so a committed write survives a crash of the process.
 * - Transactions are optimistic, like Firestore's client SDKs: reads record each
 *   document's version; on commit (one synchronous SQLite transaction) any change
 *   to a read document makes the whole function run again. After 25 attempts it
 *   gives up with UnavailableError, as the production adapter maps Firestore's
 *   ABORTED ("Too much contention").
 * - Queries are SQL over `json_extract`; an expression index is created for each
 *   query shape on first use, the way Firestore needs a composite index per shape,
 *   so cost follows the number of matching documents, not the collection size.
 * - Every committed change is published to in-process listeners (the local live feed).
 *
 * It refuses what Firestore refuses where our code could reach it, since a stand-in
 * kinder than production hides the bugs users meet first (docs/decisions/2026-11-29-strict-store.md):
 * - a query whose composite index is not in the index definitions (by default the
 *   repository's firestore.indexes.json), or that filters on an exempted field:
 *   FailedPreconditionError, as Firestore answers FAILED_PRECONDITION;
 * - `in` with no values, or with more than 30 (core ports/limits.ts);
 * - a read in a transaction after one of its writes;
 * - `undefined`, Dates, class instances, NaN in a write; arrays in arrays; reserved
 *   or over-long ids and field names; a document over 1 MiB; more than 500 writes in
 *   one transaction (core ports/limits.ts says which error each raises and why).
 *
 * Longer than 350 lines on purpose: the Store port is one contract, and its
 * transaction, query and refusal paths share the row format and the version
 * bookkeeping; the rules themselves live in core (ports/limits.ts, indexes.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { ConflictError, FailedPreconditionError, NotFoundError, UnavailableError } from '@agent-platform/core/errors';
import {
  applyPatch,
  assertCollectionPath,
  assertDocumentData,
  assertDocumentName,
  assertDocumentSize,
  assertFieldPath,
  assertPatch,
  assertQueryLimits,
  assertWriteCount,
  autoId,
  type DocData,
  type IndexDefinitions,
  missingIndex,
  type Patch,
  type QuerySpec,
  type Store,
  type StoredDoc,
  splitDocPath,
  type Transaction,
} from '@agent-platform/core/ports';
import { findUpwards } from './repo-file';
import { statementCache } from './sqlite-statements';

/** A committed change to one document; `data` is null when it was deleted. */
export interface DocChange {
  path: string;
  collection: string;
  data: DocData | null;
}

/** Reads and writes as Firestore would bill them (a query costs at least one read). */
export interface StoreMeter {
  reads: number;
  writes: number;
}

interface Row {
  path: string;
  id: string;
  data: string;
  version: number;
}

type Write =
  | { kind: 'create' | 'set'; path: string; data: DocData }
  | { kind: 'update'; path: string; patch: Patch }
  | { kind: 'delete'; path: string };

const MAX_TRANSACTION_ATTEMPTS = 25;

/** The Firestore client library's words for a read after a write in a transaction (transaction.js). */
export const READ_AFTER_WRITE = 'Firestore transactions require all reads to be executed before all writes.';

/** Reads index definitions (a firestore.indexes.json). */
export function readIndexDefinitions(file: string): IndexDefinitions {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<IndexDefinitions>;
  return { indexes: parsed.indexes ?? [], fieldOverrides: parsed.fieldOverrides ?? [] };
}

let repository: IndexDefinitions | undefined;
/**
 * The repository's firestore.indexes.json, which `firebase deploy` gives production
 * (firebase.json): the default, so every test that runs our queries on this store
 * runs them against the indexes production will have, and a query added without
 * its index fails there, not first in production. (No check would be kinder than
 * Firestore; an empty list would make every test bring its own, drifting from the file.)
 */
export function repositoryIndexes(): IndexDefinitions {
  repository ??= readIndexDefinitions(findUpwards(__dirname, 'firestore.indexes.json'));
  return repository;
}

/** `name` in `from` or the nearest directory above it (this file runs from local/src, or bundled elsewhere in the tree). */
export interface SqliteStoreOptions {
  /** The composite indexes and exemptions queries are checked against (default: `repositoryIndexes()`). */
  indexes?: IndexDefinitions;
}

export class SqliteStore implements Store {
  readonly meter: StoreMeter = { reads: 0, writes: 0 };
  /** Every distinct query shape run, for the index check (firestore.indexes.json). */
  readonly queryShapes = new Map<string, QuerySpec>();
  private readonly db: DatabaseSync;
  private readonly statement: ReturnType<typeof statementCache>;
  private readonly listeners = new Set<(changes: DocChange[]) => void>();
  private readonly indexed = new Set<string>();
  private readonly indexes: IndexDefinitions;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.indexes = options.indexes ?? repositoryIndexes();
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.statement = statementCache(this.db);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS docs (
        path TEXT PRIMARY KEY,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS docs_by_collection ON docs (collection, id);
    `);
    // Indexes of stacks made before they were partial (ix_…) would still cost every write.
    const legacy = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB 'ix_*'").all();
    for (const { name } of legacy) this.db.exec(`DROP INDEX IF EXISTS "${String(name)}"`);
  }

  newId(): string {
    return autoId();
  }

  // Generic for the tests and benches that read raw documents; the functions read through
  // their typed collections (functions/src/store/collection.ts), which parse every read.
  async get<T = DocData>(path: string): Promise<StoredDoc<T> | null> {
    return this.readDoc<T>(path)?.doc ?? null;
  }

  async query<T = DocData>(spec: QuerySpec): Promise<StoredDoc<T>[]> {
    return this.runQuery<T>(spec).map((r) => r.doc);
  }

  async create(path: string, data: DocData): Promise<void> {
    this.commit([checked({ kind: 'create', path, data })], new Map());
  }

  async set(path: string, data: DocData): Promise<void> {
    this.commit([checked({ kind: 'set', path, data })], new Map());
  }

  async update(path: string, patch: Patch): Promise<void> {
    this.commit([checked({ kind: 'update', path, patch })], new Map());
  }

  async delete(path: string): Promise<void> {
    this.commit([checked({ kind: 'delete', path })], new Map());
  }

  async runTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; attempt <= MAX_TRANSACTION_ATTEMPTS; attempt++) {
      const reads = new Map<string, number>();
      const writes: Write[] = [];
      // Writes are checked when made, as the client library checks them (it throws from `set` itself).
      const write = (w: Write) => {
        checked(w);
        writes.push(w.kind === 'create' || w.kind === 'set' ? { ...w, data: structuredClone(w.data) } : w);
      };
      const readFirst = () => {
        if (writes.length > 0) throw new Error(READ_AFTER_WRITE);
      };
      const tx: Transaction = {
        get: async <D>(path: string) => {
          readFirst();
          const hit = this.readDoc<D>(path);
          if (!reads.has(path)) reads.set(path, hit?.version ?? 0);
          return hit?.doc ?? null;
        },
        query: async <D>(spec: QuerySpec) => {
          readFirst();
          const rows = this.runQuery<D>(spec);
          for (const r of rows) if (!reads.has(r.doc.path)) reads.set(r.doc.path, r.version);
          return rows.map((r) => r.doc);
        },
        create: (path, data) => write({ kind: 'create', path, data }),
        set: (path, data) => write({ kind: 'set', path, data }),
        update: (path, patch) => write({ kind: 'update', path, patch }),
        delete: (path) => write({ kind: 'delete', path }),
      };
      const result = await fn(tx);
      assertWriteCount(writes.length);
      if (this.commit(writes, reads)) return result;
      // Someone changed what we read: back off a little and run the function again.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
    throw new UnavailableError('Too much contention on these documents; please try again.');
  }

  /** Calls `listener` after every commit with the documents it changed. */
  onChange(listener: (changes: DocChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of documents in a collection (tests and benchmarks; not part of the port). */
  count(collection: string): number {
    const row = this.statement('SELECT COUNT(*) AS n FROM docs WHERE collection = ?').get(collection) as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }

  private readDoc<T>(path: string): { doc: StoredDoc<T>; version: number } | null {
    splitDocPath(path);
    assertDocumentName(path);
    this.meter.reads++;
    const row = this.statement('SELECT path, id, data, version FROM docs WHERE path = ?').get(path) as Row | undefined;
    return row ? { doc: toDoc<T>(row), version: row.version } : null;
  }

  private runQuery<T>(spec: QuerySpec): { doc: StoredDoc<T>; version: number }[] {
    assertCollectionPath(spec.collection);
    assertQueryLimits(spec);
    const { sql, params, shape } = buildQuery(spec);
    const missing = missingIndex(spec, this.indexes);
    if (missing) throw new FailedPreconditionError(missing);
    this.ensureIndex(spec, shape);
    const rows = this.statement(sql).all(...params) as unknown as Row[];
    this.meter.reads += Math.max(1, rows.length);
    return rows.map((row) => ({ doc: toDoc<T>(row), version: row.version }));
  }

  /** Applies writes atomically if every read version still holds; false on a conflict. */
  private commit(writes: Write[], reads: Map<string, number>): boolean {
    const changes: DocChange[] = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const versionOf = this.statement('SELECT version, data FROM docs WHERE path = ?');
      for (const [path, version] of reads) {
        const row = versionOf.get(path) as { version: number } | undefined;
        if ((row?.version ?? 0) !== version) {
          this.db.exec('ROLLBACK');
          return false;
        }
      }
      const upsert = this.statement(
        `INSERT INTO docs (path, collection, id, data, version) VALUES (?, ?, ?, ?, 1)
         ON CONFLICT(path) DO UPDATE SET data = excluded.data, version = docs.version + 1`,
      );
      const remove = this.statement('DELETE FROM docs WHERE path = ?');
      for (const w of writes) {
        const { collection, id } = splitDocPath(w.path);
        const existing = versionOf.get(w.path) as { version: number; data: string } | undefined;
        let next: DocData | null;
        if (w.kind === 'create') {
          if (existing) throw new ConflictError(`Document ${w.path} already exists.`);
          next = w.data;
        } else if (w.kind === 'set') {
          next = w.data;
        } else if (w.kind === 'update') {
          if (!existing) throw new NotFoundError(`Document ${w.path}`);
          next = applyPatch(JSON.parse(existing.data) as DocData, w.patch);
        } else {
          next = null;
        }
        if (next === null) remove.run(w.path);
        else {
          // Checked on the whole document as it would be stored, so an update that grows it counts too.
          assertDocumentSize(w.path, next);
          upsert.run(w.path, collection, id, JSON.stringify(next));
        }
        this.meter.writes++;
        changes.push({ path: w.path, collection, data: next });
      }
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
    if (changes.length) for (const listener of this.listeners) listener(changes);
    return true;
  }

  /**
   * Creates the expression index this query shape needs, once. It ends with the
   * document id, as a Firestore index ends with `__name__`: every query here
   * orders by id last, and without it SQLite serves `ORDER BY id` from the
   * collection index and scans the whole collection instead of the equalities.
   */
  private ensureIndex(spec: QuerySpec, shape: string[]): void {
    const topLevel = !spec.collection.includes('/');
    const key = `${topLevel ? spec.collection : '*'}|${shape.join(',')}`;
    this.queryShapes.set(key, spec);
    if (this.indexed.has(key) || shape.length === 0) return;
    this.indexed.add(key);
    // Named by the shape alone, so a restarted stack finds the index it made before.
    const name = `ixp_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
    const columns = shape.map((f) => `json_extract(data, '$.${f}')`).join(', ');
    // Partial for a top-level collection, as a Firestore index belongs to one collection:
    // a write computes only its own collection's index expressions, not every index's
    // (each one a JSON read of the document; about 30 µs per index per write).
    const only = topLevel ? ` WHERE collection = ${sqlString(spec.collection)}` : '';
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON docs (collection, ${columns}, id)${only}`);
  }
}

/** Checks a write's path and data as Firestore does before it is sent (core ports/limits.ts). */
function checked(w: Write): Write {
  splitDocPath(w.path);
  assertDocumentName(w.path);
  if (w.kind === 'create' || w.kind === 'set') assertDocumentData(w.data);
  else if (w.kind === 'update') assertPatch(w.patch);
  return w;
}

function toDoc<T>(row: Row): StoredDoc<T> {
  return { id: row.id, path: row.path, data: JSON.parse(row.data) as T };
}

/** SQLite gets booleans as integers, the way json_extract returns them. */
function sqlValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value as SQLInputValue;
}

/** Translates a QuerySpec to SQL; `shape` lists the indexed fields (equalities, then range/order). */
export function buildQuery(spec: QuerySpec): { sql: string; params: SQLInputValue[]; shape: string[] } {
  // A top-level collection is named in the SQL itself: SQLite uses a partial index
  // (`WHERE collection = 'agents'`) only for a query that names the same constant.
  const topLevel = !spec.collection.includes('/');
  const clauses = [topLevel ? `collection = ${sqlString(spec.collection)}` : 'collection = ?'];
  const params: SQLInputValue[] = topLevel ? [] : [spec.collection];
  const equalities: string[] = [];
  const ranges: string[] = [];
  for (const [field, op, value] of spec.where ?? []) {
    assertFieldPath(field);
    const col = `json_extract(data, '$.${field}')`;
    switch (op) {
      case '==':
        if (value === null) clauses.push(`json_type(data, '$.${field}') = 'null'`);
        else {
          clauses.push(`${col} = ?`);
          params.push(sqlValue(value));
        }
        equalities.push(field);
        break;
      case '!=':
        clauses.push(`json_type(data, '$.${field}') IS NOT NULL AND ${col} IS NOT ?`);
        params.push(sqlValue(value));
        ranges.push(field);
        break;
      case '<':
      case '<=':
      case '>':
      case '>=':
        clauses.push(`${col} ${op} ?`);
        params.push(sqlValue(value));
        ranges.push(field);
        break;
      case 'in': {
        const list = Array.isArray(value) ? value : [];
        if (list.length === 0) clauses.push('0');
        else {
          clauses.push(`${col} IN (${list.map(() => '?').join(', ')})`);
          params.push(...list.map(sqlValue));
        }
        equalities.push(field);
        break;
      }
      case 'array-contains':
        clauses.push(`EXISTS (SELECT 1 FROM json_each(data, '$.${field}') WHERE value = ?)`);
        params.push(sqlValue(value));
        break;
      default:
        throw new Error(`Unsupported operator: ${String(op)}`);
    }
  }
  if (spec.startAfter) {
    const after = cursorClause(spec);
    clauses.push(after.sql);
    params.push(...after.params);
  }
  const order: string[] = [];
  for (const [field, direction] of spec.orderBy ?? []) {
    assertFieldPath(field);
    // Firestore leaves out documents that lack an orderBy field.
    clauses.push(`json_type(data, '$.${field}') IS NOT NULL`);
    order.push(`json_extract(data, '$.${field}') ${direction === 'desc' ? 'DESC' : 'ASC'}`);
    if (!ranges.includes(field)) ranges.push(field);
  }
  // Firestore breaks ties by document name in the direction of the last order (StructuredQuery.order_by).
  order.push(`id ${spec.orderBy?.at(-1)?.[1] === 'desc' ? 'DESC' : 'ASC'}`);
  let sql = `SELECT path, id, data, version FROM docs WHERE ${clauses.join(' AND ')} ORDER BY ${order.join(', ')}`;
  if (spec.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(Math.max(0, Math.floor(spec.limit)));
  }
  return { sql, params, shape: [...equalities, ...ranges] };
}

/** A string constant in SQL (collection names come from code, but quote them anyway). */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * `startAfter` as SQL: past the cursor in the query's order, field by field,
 * then by id in the last field's direction (Firestore's implicit `__name__`
 * order). Firestore refuses a cursor with more values than the query orders by
 * (the fields, then the id), and so does this store.
 */
function cursorClause(spec: QuerySpec): { sql: string; params: SQLInputValue[] } {
  const orderBy = spec.orderBy ?? [];
  const values = spec.startAfter ?? [];
  if (orderBy.length === 0 || values.length !== orderBy.length + 1) {
    throw new Error(
      'Too many cursor values specified. The specified values must match the orderBy() constraints of the query.',
    );
  }
  const last = orderBy[orderBy.length - 1]?.[1] ?? 'asc';
  const keys = [
    ...orderBy.map(([field, direction]) => ({ col: `json_extract(data, '$.${field}')`, direction })),
    { col: 'id', direction: last },
  ];
  const ors: string[] = [];
  const params: SQLInputValue[] = [];
  keys.forEach((key, i) => {
    const parts = keys.slice(0, i).map((k) => `${k.col} = ?`);
    params.push(...values.slice(0, i).map(sqlValue));
    parts.push(`${key.col} ${key.direction === 'desc' ? '<' : '>'} ?`);
    params.push(sqlValue(values[i]));
    ors.push(`(${parts.join(' AND ')})`);
  });
  return { sql: `(${ors.join(' OR ')})`, params };
}
