/**
 * Typed collections: the one way the functions read and write documents.
 *
 * A collection knows its path and its converter (a zod schema from
 * `@agent-platform/core`). Every read is parsed through the converter, so code
 * past the store holds checked, complete documents (fields that earlier
 * versions did not write are filled with their defaults there, not guessed at
 * each use). Every write is typed: `create` and `set` take a whole document,
 * `update` takes a `Patch<T>` whose keys are the document's field paths
 * (`lastRun`, `totalTokenUsage.input`) and whose values have those fields'
 * types, or `increment(n)` for numbers, so a misspelt or mistyped field does
 * not compile.
 */
import {
  type DocData,
  type Increment,
  isDocId,
  type QuerySpec,
  type Store,
  type StoredDoc,
  type Patch as StorePatch,
  type StoreReader,
  type Transaction,
} from '@agent-platform/core/ports';
import type { z } from 'zod';

type Primitive = string | number | boolean | null | undefined;
type Nested<V> = V extends Primitive | readonly unknown[] ? false : V extends object ? true : false;

/** Dotted paths into `T`: each field, and the fields of its plain-object fields (to depth 3). */
export type FieldPath<T, Depth extends unknown[] = []> = Depth['length'] extends 3
  ? never
  : {
      [K in keyof T & string]:
        | K
        | (Nested<NonNullable<T[K]>> extends true ? `${K}.${FieldPath<NonNullable<T[K]>, [...Depth, 1]>}` : never);
    }[keyof T & string];

/** The type of the field at a dotted path. */
export type FieldValue<T, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof T
    ? FieldValue<NonNullable<T[K]>, Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** An `update` of a `T`: field paths to new values, or increments of numeric fields. */
export type Patch<T> = {
  [P in FieldPath<T>]?: FieldValue<T, P> | (FieldValue<T, P> extends number ? Increment : never);
};

/** A document read through its collection: its id, path and parsed data. */
export type Doc<T> = StoredDoc<T>;

/** A stored document that does not have its collection's shape: a bug or a hand edit, never the caller's fault. */
export class CorruptDocumentError extends Error {
  constructor(path: string, issues: string) {
    super(`The stored document ${path} does not have the expected shape: ${issues}`);
    this.name = 'CorruptDocumentError';
  }
}

export class Collection<T> {
  /**
   * @param name the collection path (`agents`, `conversations/c1/messages`)
   * @param schema the converter every read goes through
   */
  constructor(
    readonly name: string,
    private readonly schema: z.ZodType<T, unknown>,
  ) {}

  path(id: string): string {
    return `${this.name}/${id}`;
  }

  /** True for an id that can name a document here; ids from clients are checked with it (404 otherwise). */
  isId(id: string): boolean {
    return isDocId(id);
  }

  async get(reader: StoreReader, id: string): Promise<Doc<T> | null> {
    const found = await reader.get(this.path(id));
    return found ? this.parse(found) : null;
  }

  /** Runs a query on this collection (its shape must have an index: store/queries.ts). */
  async query(reader: StoreReader, spec: Omit<QuerySpec, 'collection'>): Promise<Doc<T>[]> {
    const docs = await reader.query({ ...spec, collection: this.name });
    return docs.map((d) => this.parse(d));
  }

  /** The query description for `spec` on this collection (for the index check). */
  spec(spec: Omit<QuerySpec, 'collection'>): QuerySpec {
    return { ...spec, collection: this.name };
  }

  create(target: Store, id: string, doc: T): Promise<void>;
  create(target: Transaction, id: string, doc: T): void;
  create(target: Store | Transaction, id: string, doc: T): Promise<void> | void {
    return target.create(this.path(id), doc as DocData);
  }

  set(target: Store, id: string, doc: T): Promise<void>;
  set(target: Transaction, id: string, doc: T): void;
  set(target: Store | Transaction, id: string, doc: T): Promise<void> | void {
    return target.set(this.path(id), doc as DocData);
  }

  update(target: Store, id: string, patch: Patch<T>): Promise<void>;
  update(target: Transaction, id: string, patch: Patch<T>): void;
  update(target: Store | Transaction, id: string, patch: Patch<T>): Promise<void> | void {
    return target.update(this.path(id), patch as StorePatch);
  }

  delete(target: Store, id: string): Promise<void>;
  delete(target: Transaction, id: string): void;
  delete(target: Store | Transaction, id: string): Promise<void> | void {
    return target.delete(this.path(id));
  }

  private parse(found: StoredDoc): Doc<T> {
    const result = this.schema.safeParse(found.data);
    if (!result.success) {
      const issues = result.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ');
      throw new CorruptDocumentError(found.path, issues);
    }
    return { id: found.id, path: found.path, data: result.data };
  }
}
