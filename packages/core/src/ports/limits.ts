/**
 * Firestore's documented limits that our code can reach, in one place: the local
 * store (local/src/sqlite-store.ts) refuses what Firestore refuses with these, and
 * the code that grows a document bounds it against `MAX_DOCUMENT_BYTES`.
 *
 * Which error each refusal raises follows where Firestore refuses it: the server
 * answers INVALID_ARGUMENT (our `InvalidArgumentError`, as the production adapter
 * maps it); the Node client library refuses some things itself, before any request,
 * with a plain `Error` (a bug in our code: 500), and the local store throws the same
 * kind of error with the same words, so a test can tell them the same way on both.
 *
 * Sources: https://cloud.google.com/firestore/quotas (documents, ids, fields),
 * https://cloud.google.com/firestore/docs/storage-size (how a document's size is counted),
 * https://cloud.google.com/firestore/docs/concepts/data-types (no array directly in an array),
 * https://firebase.google.com/docs/firestore/query-data/queries#limits_on_or_queries (30 disjunctions),
 * https://firebase.google.com/docs/reference/js/firestore_.md#writebatch (500 writes per commit).
 */
import { InvalidArgumentError } from '../errors';
import { assertFieldPath, type DocData, Increment, type Patch, type QuerySpec } from './store';

/** Maximum size of a document, counted as `documentSize` counts it. */
export const MAX_DOCUMENT_BYTES = 1_048_576;
/** Maximum size of a document's name (its path, counted as `documentNameSize`). */
export const MAX_DOCUMENT_NAME_BYTES = 6 * 1024;
/** Maximum UTF-8 bytes of a collection or document id, a field name, or a field path. */
export const MAX_NAME_BYTES = 1_500;
/**
 * Maximum depth of maps and arrays in a document. The client library counts it as a
 * value's field path segments less one (serializer.js), so `a.b` is at depth 1.
 */
export const MAX_DEPTH = 20;
/**
 * Writes in one transaction (or batch). The Firebase client reference states 500;
 * the current quotas page lists only a 10 MiB request size. Both adapters hold
 * the stricter, documented 500, so no code of ours comes to rely on more.
 */
export const MAX_WRITES_PER_COMMIT = 500;
/** Disjunctions a query may expand to: the values of an `in` filter (the product, for several). */
export const MAX_DISJUNCTIONS = 30;

/** UTF-8 bytes of a string, counted without encoding it (a lone surrogate counts as U+FFFD, as TextEncoder writes it). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
/** Firestore's string size: UTF-8 bytes + 1. */
const stringSize = (s: string): number => utf8Bytes(s) + 1;

/** The size of a document's name: each collection and document id in its path, plus 16 bytes. */
export function documentNameSize(path: string): number {
  return path.split('/').reduce((sum, id) => sum + stringSize(id), 16);
}

/** The size of a field value (storage-size page, "Field value size"; maps the strict way, see `mapSize`). */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'boolean') return 1;
  if (typeof value === 'number' || typeof value === 'bigint' || value instanceof Date) return 8;
  if (typeof value === 'string') return stringSize(value);
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + valueSize(v), 0);
  return mapSize(value as Record<string, unknown>);
}

/**
 * A map is "calculated the same way as document size". We count its fields and
 * also the 32 bytes a document adds: the stricter reading, so a document the
 * local store takes is never one Firestore refuses.
 */
function mapSize(map: Record<string, unknown>): number {
  let sum = 32;
  for (const [name, value] of Object.entries(map)) sum += stringSize(name) + valueSize(value);
  return sum;
}

/**
 * A document's size as Firestore counts it: the name's size, each field's name
 * and value, and 32 bytes (https://cloud.google.com/firestore/docs/storage-size).
 */
export function documentSize(path: string, data: DocData): number {
  return documentNameSize(path) + mapSize(data);
}

// Korean for the store's refusals: Firestore itself words them in English only, and
// they name internal paths, so the Korean says what happened without them.
const STORE_SIZE_KO = '저장할 내용이 문서 하나의 최대 크기(1 MiB)를 넘어 저장하지 못했습니다.';
const STORE_REFUSED_KO = '데이터베이스가 이 요청을 거부했습니다.';

/** Throws INVALID_ARGUMENT when the document is over 1 MiB. */
export function assertDocumentSize(path: string, data: DocData): void {
  const size = documentSize(path, data);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new InvalidArgumentError({
      en: `Document ${path} cannot be written because its size (${size.toLocaleString('en-US')} bytes) exceeds the maximum allowed size of ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes.`,
      ko: STORE_SIZE_KO,
    });
  }
}

/** What the quotas page allows as a collection or document id; the reason it does not, or null. */
export function idProblem(id: string): string | null {
  if (id === '') return 'is empty';
  if (id.includes('/')) return 'contains a slash';
  if (id === '.' || id === '..') return 'is "." or ".."';
  if (/^__.*__$/.test(id)) return 'matches __.*__, which Firestore reserves';
  if (!id.isWellFormed()) return 'is not valid UTF-8';
  if (utf8Bytes(id) > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes`;
  return null;
}

/** Throws INVALID_ARGUMENT when an id in the path breaks Firestore's rules, or the name is over 6 KiB. */
export function assertDocumentName(path: string): void {
  for (const id of path.split('/')) {
    const problem = idProblem(id);
    if (problem)
      throw new InvalidArgumentError({
        en: `Document path ${path} is not valid: the id "${id}" ${problem}.`,
        ko: STORE_REFUSED_KO,
      });
  }
  if (documentNameSize(path) > MAX_DOCUMENT_NAME_BYTES) {
    throw new InvalidArgumentError({
      en: `Document path ${path} is longer than Firestore's ${MAX_DOCUMENT_NAME_BYTES} bytes.`,
      ko: STORE_REFUSED_KO,
    });
  }
}

/** Throws INVALID_ARGUMENT when an id in a collection path (`conversations/c1/messages`) breaks Firestore's rules. */
export function assertCollectionPath(collection: string): void {
  for (const id of collection.split('/')) {
    const problem = idProblem(id);
    if (problem)
      throw new InvalidArgumentError({
        en: `Collection path ${collection} is not valid: the id "${id}" ${problem}.`,
        ko: STORE_REFUSED_KO,
      });
  }
}

/** A plain object, as the client library requires of maps (no class instances). */
const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Checks one value of a write the way Firestore does, where our code can reach:
 * - `undefined` anywhere: refused by the client library (the production adapter
 *   does not set `ignoreUndefinedProperties`), so a stray undefined fails in tests
 *   instead of being dropped in production;
 * - deeper than 20 maps and arrays, or an object that is not plain: refused by the
 *   client library;
 * - an array directly inside an array, a field name that is empty, over 1,500
 *   bytes or matches `__.*__`: refused by the server (INVALID_ARGUMENT).
 * Stricter than Firestore, because the local store keeps JSON: a `Date` (Firestore
 * would keep a Timestamp, which our converters do not read back; times are ISO
 * strings, docs/decisions/2026-11-22-iso-times.md), and NaN or ±Infinity (JSON has
 * no such numbers). `isLeaf` lets the caller accept its own values (increments).
 */
export function assertFirestoreValue(
  value: unknown,
  field: string,
  isLeaf: (v: unknown) => boolean = () => false,
  depth = 1,
  inArray = false,
): void {
  // `depth` is the field path's segments plus one (the document itself is 1).
  if (depth - 2 > MAX_DEPTH) {
    throw new Error(`Input is not a valid Firestore document: it is deeper than ${MAX_DEPTH} levels (at "${field}").`);
  }
  if (value === undefined) {
    throw new Error(`Cannot use "undefined" as a Firestore value (found in field "${field}").`);
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || isLeaf(value)) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`The local store keeps JSON, which has no ${value} (found in field "${field}").`);
    }
    return;
  }
  if (Array.isArray(value)) {
    if (inArray) {
      throw new InvalidArgumentError({
        en: `Cannot have an array directly inside an array (found in field "${field}").`,
        ko: STORE_REFUSED_KO,
      });
    }
    value.forEach((v, i) => {
      assertFirestoreValue(v, `${field}.${i}`, isLeaf, depth + 1, true);
    });
    return;
  }
  if (value instanceof Date) {
    throw new Error(
      `Store times as ISO-8601 strings, not Date objects (found in field "${field}"; docs/decisions/2026-11-22-iso-times.md).`,
    );
  }
  if (typeof value !== 'object' || !isPlainObject(value)) {
    throw new Error(
      `Cannot use a ${typeof value === 'object' ? 'class instance' : typeof value} as a Firestore value (found in field "${field}").`,
    );
  }
  for (const [name, v] of Object.entries(value)) {
    assertFieldName(name, field);
    assertFirestoreValue(v, field ? `${field}.${name}` : name, isLeaf, depth + 1, false);
  }
}

/** Throws INVALID_ARGUMENT for a field name Firestore refuses. */
export function assertFieldName(name: string, parent = ''): void {
  const where = parent ? ` in "${parent}"` : '';
  if (name === '') throw new InvalidArgumentError({ en: `A field name is empty${where}.`, ko: STORE_REFUSED_KO });
  if (/^__.*__$/.test(name))
    throw new InvalidArgumentError({
      en: `The field name "${name}"${where} is reserved (__.*__).`,
      ko: STORE_REFUSED_KO,
    });
  if (utf8Bytes(name) > MAX_NAME_BYTES) {
    throw new InvalidArgumentError({
      en: `A field name${where} is longer than ${MAX_NAME_BYTES} bytes.`,
      ko: STORE_REFUSED_KO,
    });
  }
}

/** Checks a whole document to be created or set. */
export function assertDocumentData(data: DocData): void {
  assertFirestoreValue(data, '');
}

/** Checks an update patch: each dotted field path, and each value (increments allowed). */
export function assertPatch(patch: Patch): void {
  for (const [field, value] of Object.entries(patch)) {
    assertFieldPath(field);
    if (utf8Bytes(field) > MAX_NAME_BYTES) {
      throw new InvalidArgumentError({
        en: `The field path "${field.slice(0, 40)}…" is longer than ${MAX_NAME_BYTES} bytes.`,
        ko: STORE_REFUSED_KO,
      });
    }
    const segments = field.split('.');
    for (const name of segments) assertFieldName(name);
    assertFirestoreValue(value, field, (v) => v instanceof Increment, segments.length + 1);
  }
}

/**
 * Checks a query's filters against Firestore's limits: `in` needs a non-empty
 * list (the client library refuses an empty one), of at most 30 values, and all
 * `in` filters together may expand to at most 30 disjunctions (the server).
 */
export function assertQueryLimits(spec: QuerySpec): void {
  let disjunctions = 1;
  for (const [field, op, value] of spec.where ?? []) {
    if (op !== 'in') continue;
    if (!Array.isArray(value) || value.length === 0) {
      throw new Error(`Invalid Query. A non-empty array is required for 'in' filters (field "${field}").`);
    }
    if (value.length > MAX_DISJUNCTIONS) {
      throw new InvalidArgumentError({
        en: `'IN' supports up to ${MAX_DISJUNCTIONS} comparison values; the filter on "${field}" has ${value.length}.`,
        ko: STORE_REFUSED_KO,
      });
    }
    disjunctions *= value.length;
  }
  if (disjunctions > MAX_DISJUNCTIONS) {
    throw new InvalidArgumentError({
      en: `The query expands to ${disjunctions} disjunctions; Firestore allows at most ${MAX_DISJUNCTIONS}.`,
      ko: STORE_REFUSED_KO,
    });
  }
}

/** Throws INVALID_ARGUMENT when a transaction would commit more than 500 writes. */
export function assertWriteCount(writes: number): void {
  if (writes > MAX_WRITES_PER_COMMIT) {
    throw new InvalidArgumentError({
      en: `A transaction may write at most ${MAX_WRITES_PER_COMMIT} documents; this one wrote ${writes}. Split it into smaller transactions.`,
      ko: STORE_REFUSED_KO,
    });
  }
}
