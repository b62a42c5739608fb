/**
 * A one-shot read of a LiveQuery through the Firestore REST API (`runQuery`),
 * so the production dashboard shows its first data before the Firestore SDK
 * (≈ 130 KB gzipped) has loaded; `onSnapshot` takes over once it has. Firebase
 * ID tokens are accepted as `Authorization: Bearer` and firestore.rules apply,
 * exactly as for the SDK. Dependency-free on purpose: it sits in the chunk that
 * loads before the first data screen.
 */
import type { LiveDoc } from './backend';
import { ApiError, type ErrorCode } from './errors';
import { assertOwnerOnly } from './firestore-mapping';
import type { LiveQuery } from './queries';

/** A Firestore `Value` as the REST API sends and accepts it (one key set). */
export type FirestoreValue =
  | { nullValue: null }
  | { booleanValue: boolean }
  | { integerValue: string }
  | { doubleValue: number | string }
  | { timestampValue: string }
  | { stringValue: string }
  | { bytesValue: string }
  | { referenceValue: string }
  | { geoPointValue: { latitude?: number; longitude?: number } }
  | { arrayValue: { values?: FirestoreValue[] } }
  | { mapValue: { fields?: Record<string, FirestoreValue> } };

interface FieldFilter {
  fieldFilter: { field: { fieldPath: string }; op: string; value: FirestoreValue };
}

/** The `structuredQuery` body of `runQuery` (only the parts a LiveQuery uses). */
export interface StructuredQuery {
  from: [{ collectionId: string }];
  where?: FieldFilter | { compositeFilter: { op: 'AND'; filters: FieldFilter[] } };
  orderBy?: { field: { fieldPath: string }; direction: 'ASCENDING' | 'DESCENDING' }[];
  limit?: number;
}

const OPS: Record<string, string> = {
  '==': 'EQUAL',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL',
  in: 'IN',
  'array-contains': 'ARRAY_CONTAINS',
};

/** `projects/{p}/databases/(default)/documents`: the root every document name starts with. */
export const documentsRoot = (projectId: string) => `projects/${projectId}/databases/(default)/documents`;

/**
 * Where to POST `runQuery` and what to send: a subcollection path
 * (`conversations/c1/messages`) queries under its parent document.
 */
export function toRunQuery(
  projectId: string,
  uid: string,
  spec: LiveQuery,
): { parent: string; structuredQuery: StructuredQuery } {
  assertOwnerOnly(spec, uid);
  const segments = spec.collection.split('/');
  const collectionId = segments.pop() as string;
  const root = documentsRoot(projectId);
  const parent = segments.length ? `${root}/${segments.join('/')}` : root;
  const filters: FieldFilter[] = (spec.where ?? []).map(([field, op, value]) => {
    const restOp = OPS[op];
    if (!restOp) throw new Error(`Unsupported where operator ${op}`);
    return { fieldFilter: { field: { fieldPath: field }, op: restOp, value: encodeValue(value) } };
  });
  // `documentId() == id` in the SDK: a reference to the document by its full name.
  if (spec.docId !== undefined)
    filters.push({
      fieldFilter: {
        field: { fieldPath: '__name__' },
        op: 'EQUAL',
        value: { referenceValue: `${parent}/${collectionId}/${spec.docId}` },
      },
    });
  const structuredQuery: StructuredQuery = { from: [{ collectionId }] };
  if (filters.length === 1) structuredQuery.where = filters[0];
  else if (filters.length > 1) structuredQuery.where = { compositeFilter: { op: 'AND', filters } };
  if (spec.orderBy?.length)
    structuredQuery.orderBy = spec.orderBy.map(([field, dir]) => ({
      field: { fieldPath: field },
      direction: dir === 'desc' ? 'DESCENDING' : 'ASCENDING',
    }));
  if (spec.limit !== undefined) structuredQuery.limit = spec.limit;
  return { parent, structuredQuery };
}

/** A plain JSON value as a Firestore `Value` (for filter operands). */
export function encodeValue(v: unknown): FirestoreValue {
  if (v === null || v === undefined) return { nullValue: null };
  if (typeof v === 'boolean') return { booleanValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { integerValue: String(v) } : { doubleValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(encodeValue) } };
  if (typeof v === 'object')
    return {
      mapValue: { fields: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeValue(x)])) },
    };
  throw new Error(`Cannot send ${typeof v} in a Firestore query`);
}

/**
 * A Firestore `Value` as plain JSON. Timestamps stay RFC 3339 strings (our
 * documents store ISO strings anyway); 64-bit integers arrive as strings and
 * become numbers, exact up to 2^53.
 */
export function decodeValue(v: FirestoreValue): unknown {
  if ('nullValue' in v) return null;
  if ('booleanValue' in v) return v.booleanValue;
  if ('integerValue' in v) return Number(v.integerValue);
  if ('doubleValue' in v) return Number(v.doubleValue); // "NaN" and "Infinity" arrive as strings
  if ('timestampValue' in v) return v.timestampValue;
  if ('stringValue' in v) return v.stringValue;
  if ('bytesValue' in v) return v.bytesValue;
  if ('referenceValue' in v) return v.referenceValue;
  if ('geoPointValue' in v)
    return { latitude: v.geoPointValue.latitude ?? 0, longitude: v.geoPointValue.longitude ?? 0 };
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(decodeValue);
  if ('mapValue' in v) return decodeFields(v.mapValue.fields);
  throw new Error(`Unknown Firestore value ${JSON.stringify(v)}`);
}

/** A document's `fields` as a plain object (an empty document has none). */
export const decodeFields = (fields: Record<string, FirestoreValue> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields ?? {}).map(([k, x]) => [k, decodeValue(x)]));

interface RunQueryItem {
  document?: { name: string; fields?: Record<string, FirestoreValue> };
  error?: { message?: string };
}

export interface RestReadOptions {
  projectId: string;
  uid: string;
  idToken: string;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

const ORIGIN = 'https://firestore.googleapis.com/v1/';

/** Runs the query once and answers its documents as the SDK path does ({id, path, data}). */
export async function runQuery(spec: LiveQuery, o: RestReadOptions): Promise<LiveDoc[]> {
  const { parent, structuredQuery } = toRunQuery(o.projectId, o.uid, spec);
  const res = await o.fetch(`${ORIGIN}${parent}:runQuery`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${o.idToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ structuredQuery }),
    signal: o.signal,
  });
  const body = (await res.json().catch(() => null)) as RunQueryItem[] | { error?: { message?: string } } | null;
  // runQuery streams a JSON array; an error may come as a plain body or as an item of that array.
  const failure = Array.isArray(body) ? body.find((i) => i.error)?.error : body?.error;
  if (!res.ok || failure || !Array.isArray(body)) throw restError(res, failure?.message);
  const root = `${documentsRoot(o.projectId)}/`;
  return body.flatMap((item) => {
    if (!item.document) return []; // an item with only readTime: no (more) results
    const path = item.document.name.slice(root.length);
    return [{ id: path.slice(path.lastIndexOf('/') + 1), path, data: decodeFields(item.document.fields) }];
  });
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_argument', // also a missing composite index (FAILED_PRECONDITION)
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  429: 'resource_exhausted',
  503: 'unavailable',
};

// Firestore's error body carries a numeric code and a gRPC status name, not the API's codes: map by HTTP status.
const restError = (res: Response, message?: string) =>
  new ApiError(
    CODE_BY_STATUS[res.status] ?? 'internal',
    message ?? (res.statusText || `Firestore answered HTTP ${res.status}`),
    res.status,
  );
