/**
 * Index exemptions in firestore.indexes.json (fieldOverrides): the large fields nobody
 * queries are not indexed, which saves an index write per field on every document
 * write and keeps long texts and arrays away from the per-document index-entry limit
 * (https://cloud.google.com/firestore/quotas#indexes). An exemption on a field a query
 * uses would break that query, so every query the code runs is checked against them.
 * That every query has its composite index is test/indexes.test.ts's job; the queries
 * are gathered from the same sources it uses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SRC, sourceFiles } from './code';
import { ROOT } from './hcl';

interface Override {
  collectionGroup: string;
  fieldPath: string;
  indexes?: unknown[];
  ttl?: boolean;
}
const indexFile = JSON.parse(readFileSync(path.join(ROOT, 'firestore.indexes.json'), 'utf8')) as {
  indexes: { collectionGroup: string; fields: { fieldPath: string }[] }[];
  fieldOverrides: Override[];
};
const overrides = indexFile.fieldOverrides;

/** The large or never-queried fields that must not be indexed, by collection group. */
const MUST_BE_EXEMPT: Record<string, string[]> = {
  executions: ['result', 'events', 'draft', 'error'],
  agents: ['finalAgentPrompt', 'description'],
  conversations: ['draft'],
  messages: ['content', 'parts'],
};

/** The document type of each collection group, found by name anywhere in functions/src. */
const DOC_TYPES: Record<string, string> = {
  agents: 'AgentDoc',
  conversations: 'ConversationDoc',
  executions: 'ExecutionDoc',
  messages: 'MessageDoc',
};

/** A query as the stores and the web app describe it (functions/src, the Store port). */
interface QuerySpec {
  collection: string;
  where?: readonly (readonly [string, string, unknown])[];
  orderBy?: readonly (readonly [string, string])[];
}

/** The web app's live queries: the file under web/src that exports ALL_QUERIES. */
function webQueries(): QuerySpec[] {
  const files = sourceFiles(path.join(ROOT, 'web', 'src')).filter((f) =>
    /export const ALL_QUERIES\b/.test(readFileSync(f, 'utf8')),
  );
  if (files.length !== 1) throw new Error(`expected one web/src file exporting ALL_QUERIES, found ${files.length}`);
  const all = (require(files[0] as string) as { ALL_QUERIES: (uid: string) => Record<string, QuerySpec> }).ALL_QUERIES;
  return Object.values(all('sample-uid'));
}

/** Every query the code runs: the stores' exported lists and the web app's live queries. */
function allQueries(): QuerySpec[] {
  const fromStores = sourceFiles().flatMap((file) => {
    if (!/_STORE_QUERIES\b/.test(readFileSync(file, 'utf8'))) return [];
    const mod = require(file) as Record<string, unknown>;
    return Object.entries(mod)
      .filter(([name]) => name.endsWith('_STORE_QUERIES'))
      .flatMap(([, list]) => list as QuerySpec[]);
  });
  return [...fromStores, ...webQueries()];
}

const group = (spec: QuerySpec) => spec.collection.split('/').pop() as string;
/** `events` exempts `events.x` too: exemptions on a map or array apply to what is inside. */
const covers = (override: Override, field: string) =>
  field === override.fieldPath || field.startsWith(`${override.fieldPath}.`);

describe('firestore.indexes.json fieldOverrides', () => {
  test('exempt the large fields nobody queries', () => {
    const missing = Object.entries(MUST_BE_EXEMPT).flatMap(([collectionGroup, fields]) =>
      fields
        .filter(
          (f) =>
            !overrides.some(
              (o) =>
                o.collectionGroup === collectionGroup &&
                o.fieldPath === f &&
                Array.isArray(o.indexes) &&
                o.indexes.length === 0,
            ),
        )
        .map((f) => `${collectionGroup}.${f}`),
    );
    expect(missing).toEqual([]);
  });

  test('exempt no field a query filters or orders on, nor one a composite index holds', () => {
    const queries = allQueries();
    expect(queries.length).toBeGreaterThan(8);
    const clashes: string[] = [];
    for (const spec of queries) {
      const fields = [...(spec.where ?? []).map(([f]) => f), ...(spec.orderBy ?? []).map(([f]) => f)];
      for (const o of overrides.filter((x) => x.collectionGroup === group(spec))) {
        for (const f of fields) if (covers(o, f)) clashes.push(`${spec.collection}: ${f} is exempted`);
      }
    }
    for (const index of indexFile.indexes) {
      for (const o of overrides.filter((x) => x.collectionGroup === index.collectionGroup)) {
        for (const f of index.fields)
          if (covers(o, f.fieldPath)) clashes.push(`index on ${index.collectionGroup}.${f.fieldPath}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  test('name fields the documents really have, in collections the code uses', () => {
    const code = sourceFiles()
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const problems: string[] = [];
    for (const o of overrides) {
      const typeName = DOC_TYPES[o.collectionGroup];
      if (!typeName) {
        problems.push(`${o.collectionGroup}: no document type known for this collection group`);
        continue;
      }
      const body = new RegExp(`interface ${typeName}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(code)?.[1];
      if (!body) problems.push(`${typeName} not found under ${path.relative(ROOT, SRC)}`);
      else if (!new RegExp(`^\\s+${o.fieldPath.split('.')[0]}\\??:`, 'm').test(body))
        problems.push(`${o.collectionGroup}.${o.fieldPath} is not a field of ${typeName}`);
      if (o.ttl !== undefined) problems.push(`${o.collectionGroup}.${o.fieldPath}: a TTL needs a decision of its own`);
    }
    expect(problems).toEqual([]);
    expect(overrides.length).toBeGreaterThan(0);
  });
});
