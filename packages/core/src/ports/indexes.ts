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

/** A `fieldOverrides` entry: `indexes: []` exempts the field (and a map's subfields) from single-field indexing. */
export interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  indexes?: { order?: 'ASCENDING' | 'DESCENDING'; arrayConfig?: 'CONTAINS'; queryScope?: string }[];
  ttl?: boolean;
}

/** What firestore.indexes.json holds: the composite indexes and the single-field exemptions. */
export interface IndexDefinitions {
  indexes: IndexEntry[];
  fieldOverrides?: FieldOverride[];
}

/**
 * The single-field index a field of a query served without a composite index
 * needs, if an override took it away: a filter or order on an exempted field
 * fails as a missing index does (https://firebase.google.com/docs/firestore/query-data/index-overview#single-field-index-exemptions;
 * an exemption on a map applies to its subfields).
 */
function exemptedField(spec: QuerySpec, overrides: readonly FieldOverride[]): string | undefined {
  const group = spec.collection.split('/').pop();
  const needs: { field: string; serves: (i: NonNullable<FieldOverride['indexes']>[number]) => boolean }[] = [];
  for (const [field, op] of spec.where ?? []) {
    needs.push({
      field,
      serves:
        op === 'array-contains' ? (i) => i.arrayConfig === 'CONTAINS' : (i) => i.order !== undefined && !i.arrayConfig,
    });
  }
  for (const [field, direction] of spec.orderBy ?? []) {
    const order = direction === 'desc' ? 'DESCENDING' : 'ASCENDING';
    needs.push({ field, serves: (i) => i.order === order });
  }
  for (const { field, serves } of needs) {
    const override = overrides
      .filter((o) => o.collectionGroup === group && (field === o.fieldPath || field.startsWith(`${o.fieldPath}.`)))
      .sort((a, b) => b.fieldPath.length - a.fieldPath.length)[0];
    const kept = override?.indexes?.filter((i) => (i.queryScope ?? 'COLLECTION') === 'COLLECTION');
    if (override && kept && !kept.some(serves)) return field;
  }
  return undefined;
}

/**
 * Why Firestore would refuse to run the query for want of an index (the words of
 * its FAILED_PRECONDITION), or null when the definitions serve it.
 */
export function missingIndex(spec: QuerySpec, definitions: IndexDefinitions): string | null {
  const found = findIndex(spec, definitions.indexes);
  if (!found) {
    const need = requiredIndex(spec);
    const fields = need
      ? [...need.equality, ...need.ordered].map((f) => `${f.fieldPath} ${f.arrayConfig ?? f.order}`).join(', ')
      : '';
    return `The query requires an index (${describeQuery(spec)}). Add one to firestore.indexes.json: collectionGroup "${need?.collectionGroup}", fields ${fields}.`;
  }
  if (found === 'not needed') {
    const field = exemptedField(spec, definitions.fieldOverrides ?? []);
    if (field) {
      return `The query requires an index (${describeQuery(spec)}): firestore.indexes.json exempts "${field}" from single-field indexing.`;
    }
  }
  return null;
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
