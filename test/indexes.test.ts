/**
 * Every query the code runs has its composite index in firestore.indexes.json.
 *
 * The queries come from three places: the lists each store exports
 * (`*_STORE_QUERIES`, one per file under functions/src that calls `.query`), the
 * web app's live queries (web/src/data/queries.ts `ALL_QUERIES`), and the shapes
 * the local store records while the agent and run services actually work — which
 * also checks that the exported lists tell the truth.
 *
 * Firestore needs no composite index for a query on one field, or for equality
 * filters alone (it merges single-field indexes); anything else needs an entry
 * with the equality fields first, then the range/order fields in order.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createAgent, listAgents, updateAgent } from '../functions/src/agents/service';
import type { QuerySpec } from '../functions/src/ports/store';
import { agentHarness } from '../functions/test/agents/harness';
import { ALL_QUERIES } from '../web/src/data/queries';

const ROOT = join(__dirname, '..');

interface IndexField {
  fieldPath: string;
  order?: 'ASCENDING' | 'DESCENDING';
  arrayConfig?: 'CONTAINS';
}
interface IndexEntry {
  collectionGroup: string;
  queryScope: 'COLLECTION' | 'COLLECTION_GROUP';
  fields: IndexField[];
}

/** The composite index a query needs, or null when single-field indexes serve it. */
function requiredIndex(
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

/** Whether an entry of the index file serves the query: equalities in any order, then the ordered fields exactly. */
function findIndex(spec: QuerySpec, entries: IndexEntry[]): IndexEntry | 'not needed' | undefined {
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
const shapeOf = (spec: QuerySpec) =>
  JSON.stringify({
    group: spec.collection.split('/').pop(),
    where: (spec.where ?? []).map(([f, op]) => [f, op]),
    orderBy: spec.orderBy ?? [],
  });

const describeQuery = (spec: QuerySpec) =>
  `${spec.collection} where ${(spec.where ?? []).map(([f, op]) => `${f} ${op}`).join(', ') || '-'} order by ${
    (spec.orderBy ?? []).map(([f, d]) => `${f} ${d}`).join(', ') || '-'
  }`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const indexFile = JSON.parse(readFileSync(join(ROOT, 'firestore.indexes.json'), 'utf8')) as { indexes: IndexEntry[] };
const storeFiles = sourceFiles(join(ROOT, 'functions', 'src')).filter((f) =>
  /\.query\s*[<(]/.test(readFileSync(f, 'utf8')),
);

/** Every `*_STORE_QUERIES` list exported by the files that run queries. */
function exportedStoreQueries(): { file: string; name: string; query: QuerySpec }[] {
  return storeFiles.flatMap((file) => {
    const mod = require(file) as Record<string, unknown>;
    return Object.entries(mod)
      .filter(([name]) => name.endsWith('_STORE_QUERIES'))
      .flatMap(([name, list]) => (list as QuerySpec[]).map((query) => ({ file: relative(ROOT, file), name, query })));
  });
}

/** The shapes the local store records while the agent service and the run queue it calls do their work. */
async function exercisedShapes(): Promise<QuerySpec[]> {
  const h = agentHarness();
  const schedule = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };
  const agent = await createAgent(h.deps, 'u1', { name: 'a', finalAgentPrompt: 'p', schedule, status: 'active' });
  await listAgents(h.deps, 'u1');
  await updateAgent(h.deps, 'u1', agent.id, { status: 'inactive' });
  const shapes = [...h.store.queryShapes.values()];
  h.store.close();
  return shapes;
}

describe('firestore.indexes.json', () => {
  test('every file under functions/src that runs a query exports the list of its queries (*_STORE_QUERIES)', () => {
    const listed = new Set(exportedStoreQueries().map((q) => q.file));
    const unlisted = storeFiles.map((f) => relative(ROOT, f)).filter((f) => !listed.has(f));
    expect(unlisted).toEqual([]);
  });

  test('every query a store exports has its index', () => {
    const missing = exportedStoreQueries()
      .filter(({ query }) => !findIndex(query, indexFile.indexes))
      .map(({ file, name, query }) => `${file} ${name}: ${describeQuery(query)}`);
    expect(missing).toEqual([]);
  });

  test('every live query of the web app has its index', () => {
    const missing = Object.entries(ALL_QUERIES('sample-uid'))
      .filter(([, q]) => q.docId === undefined && !findIndex(q, indexFile.indexes))
      .map(([name, q]) => `${name}: ${describeQuery(q)}`);
    expect(missing).toEqual([]);
  });

  test('the queries the services really run are the ones their stores list, and each has its index', async () => {
    const exported = new Set(exportedStoreQueries().map(({ query }) => shapeOf(query)));
    const shapes = await exercisedShapes();
    expect(shapes.length).toBeGreaterThan(0);
    expect(shapes.filter((s) => !exported.has(shapeOf(s))).map(describeQuery)).toEqual([]);
    expect(shapes.filter((s) => !findIndex(s, indexFile.indexes)).map(describeQuery)).toEqual([]);
  });

  test('the listing of agents needs (userId ASC, createdAt DESC) and finds it', () => {
    const spec: QuerySpec = { collection: 'agents', where: [['userId', '==', 'u']], orderBy: [['createdAt', 'desc']] };
    expect(findIndex(spec, indexFile.indexes)).toEqual({
      collectionGroup: 'agents',
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'userId', order: 'ASCENDING' },
        { fieldPath: 'createdAt', order: 'DESCENDING' },
      ],
    });
  });
});

describe('the index check itself', () => {
  const entries: IndexEntry[] = [
    {
      collectionGroup: 'agents',
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'userId', order: 'ASCENDING' },
        { fieldPath: 'createdAt', order: 'DESCENDING' },
      ],
    },
  ];
  test.each([
    {
      name: 'a query on one field needs no entry',
      spec: { collection: 'x', where: [['a', '<=', 1]], orderBy: [['a', 'asc']] },
      found: true,
    },
    {
      name: 'equalities alone need no entry',
      spec: {
        collection: 'x',
        where: [
          ['a', '==', 1],
          ['b', '==', 2],
        ],
      },
      found: true,
    },
    {
      name: 'the wrong direction is not served',
      spec: { collection: 'agents', where: [['userId', '==', 'u']], orderBy: [['createdAt', 'asc']] },
      found: false,
    },
    {
      name: 'another collection is not served',
      spec: { collection: 'executions', where: [['userId', '==', 'u']], orderBy: [['createdAt', 'desc']] },
      found: false,
    },
    {
      name: 'an extra equality is not served',
      spec: {
        collection: 'agents',
        where: [
          ['userId', '==', 'u'],
          ['status', '==', 'active'],
        ],
        orderBy: [['createdAt', 'desc']],
      },
      found: false,
    },
    {
      name: 'a range on a second field is not served',
      spec: {
        collection: 'agents',
        where: [
          ['userId', '==', 'u'],
          ['nextRunAt', '<', 'z'],
        ],
      },
      found: false,
    },
  ] as { name: string; spec: QuerySpec; found: boolean }[])('$name', ({ spec, found }) => {
    expect(Boolean(findIndex(spec, entries))).toBe(found);
  });
});
