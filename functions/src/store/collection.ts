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
import type * as z from '@agent-platform/core/zod';

type Primitive = string | number | boolean | null | undefined;
type Nested<V> = V extends Primitive | readonly unknown[] ? false : V extends object ? true : false;
/** A field's new value, or an increment when the field is a number. */
type Value<V> = V | (V extends number ? Increment : never);

/** Every `field.sub` of `T`'s plain-object fields, paired with its type. */
type SubFields<T> = {
  [K in keyof T & string]: Nested<NonNullable<T[K]>> extends true
    ? { [S in keyof NonNullable<T[K]> & string]: [`${K}.${S}`, NonNullable<T[K]>[S]] }[keyof NonNullable<T[K]> & string]
    : never;
}[keyof T & string];

/**
 * An `update` of a `T`: fields to new values (a map replaces the whole map),
 * fields of a map by their dotted path (`totalTokenUsage.input`), or
 * `increment(n)` for numbers. Deeper paths are built inside the store
 * (store/users.ts), where the key is computed.
 */
export type Patch<T> = { [K in keyof T]?: Value<T[K]> } & { [P in SubFields<T> as P[0]]?: Value<P[1]> };

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
    private readonly schema: z.ZodMiniType<T, unknown>,
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
