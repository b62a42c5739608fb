/**
 * Which composite index a Firestore query needs, and whether an index
 * definition (`firestore.indexes.json`) serves it. Firestore needs no
 * composite index for a query on one field, or for equality filters alone (it
 * merges single-field indexes); anything else needs an entry with the equality
 * fields first (any order), then the range and order fields exactly as ordered
 * (https://firebase.google.com/docs/firestore/query-data/index-overview).
 */
import type { QuerySpec } from './store';

export interface IndexField {
  fieldPath: string;
  order?: 'ASCENDING' | 'DESCENDING';
  arrayConfig?: 'CONTAINS';
}

export interface IndexEntry {
  collectionGroup: string;
  queryScope: 'COLLECTION' | 'COLLECTION_GROUP';
  fields: IndexField[];
}

/** The composite index a query needs, or null when single-field indexes serve it. */
export function requiredIndex(
  spec: QuerySpec,
): { collectionGroup: string; equality: IndexField[]; ordered: IndexField[] } | null {
  const equality: IndexField[] = [];
  const ordered: IndexField[] = [];
  const ranges: string[] = [];
  for (const [field, op] of spec.where ?? []) {
    if (op === '==' || op === 'in') equality.push({ fieldPath: field, order: 'ASCENDING' });
    else if (op === 'array-contains') equality.push({ fieldPath: field, arrayConfig: 'CONTAINS' });
    else if (!ranges.includes(field)) ranges.push(field);
  }
  for (const [field, direction] of spec.orderBy ?? []) {
    ordered.push({ fieldPath: field, order: direction === 'desc' ? 'DESCENDING' : 'ASCENDING' });
  }
  // A range field not ordered explicitly is ordered ascending first (Firestore's implicit order).
  for (const field of ranges) {
    if (!ordered.some((o) => o.fieldPath === field)) ordered.unshift({ fieldPath: field, order: 'ASCENDING' });
  }
  const fields = new Set([...equality, ...ordered].map((f) => f.fieldPath));
  if (ordered.length === 0 || fields.size <= 1) return null;
  const collectionGroup = spec.collection.split('/').pop() as string;
  return { collectionGroup, equality, ordered };
}

/** The entry that serves the query: equalities in any order, then the ordered fields exactly. */
export function findIndex(spec: QuerySpec, entries: readonly IndexEntry[]): IndexEntry | 'not needed' | undefined {
  const need = requiredIndex(spec);
  if (!need) return 'not needed';
  const key = (f: IndexField) => `${f.fieldPath}:${f.arrayConfig ?? 'value'}`;
  return entries.find((e) => {
    if (e.collectionGroup !== need.collectionGroup || e.queryScope !== 'COLLECTION') return false;
    if (e.fields.length !== need.equality.length + need.ordered.length) return false;
    const head = e.fields.slice(0, need.equality.length).map(key).sort();
    if (head.join() !== need.equality.map(key).sort().join()) return false;
    return e.fields
      .slice(need.equality.length)
      .every((f, i) => f.fieldPath === need.ordered[i]?.fieldPath && f.order === need.ordered[i]?.order);
  });
}

/** A query's shape without its values: what decides the index. */
export const shapeOf = (spec: QuerySpec): string =>
  JSON.stringify({
    group: spec.collection.split('/').pop(),
    where: (spec.where ?? []).map(([f, op]) => [f, op]),
    orderBy: spec.orderBy ?? [],
  });

/** `agents where userId == order by createdAt desc`. */
export const describeQuery = (spec: QuerySpec): string =>
  `${spec.collection} where ${(spec.where ?? []).map(([f, op]) => `${f} ${op}`).join(', ') || '-'} order by ${
    (spec.orderBy ?? []).map(([f, d]) => `${f} ${d}`).join(', ') || '-'
  }`;
