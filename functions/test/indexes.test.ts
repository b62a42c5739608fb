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
import { describeQuery, findIndex, type IndexEntry, type QuerySpec, shapeOf } from '@agent-platform/core/ports';
import { createAgent, listAgents, updateAgent } from '../src/agents/service';
import { ALL_STORE_QUERIES } from '../src/store/queries';
import { agentHarness } from './agents/harness';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'functions', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const indexFile = JSON.parse(readFileSync(join(ROOT, 'firestore.indexes.json'), 'utf8')) as { indexes: IndexEntry[] };
const runsQueries = (file: string) => /\.query\s*[<(]/.test(readFileSync(file, 'utf8'));
/** The store modules that run queries (collection.ts is the mechanism, not a store). */
const storeModules = sourceFiles(join(SRC, 'store')).filter(
  (f) => runsQueries(f) && !f.endsWith('collection.ts') && !f.endsWith('queries.ts'),
);

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
  test('only the store modules run queries', () => {
    const outside = sourceFiles(SRC)
      .filter((f) => !f.startsWith(join(SRC, 'store')) && runsQueries(f))
      .map((f) => relative(ROOT, f));
    expect(outside).toEqual([]);
  });

  test('every store module that runs a query lists its queries in ALL_STORE_QUERIES', () => {
    const listed = new Set(ALL_STORE_QUERIES);
    const unlisted = storeModules.flatMap((file) => {
      const mod = require(file) as Record<string, unknown>;
      const lists = Object.entries(mod).filter(([name]) => name.endsWith('_QUERIES'));
      if (lists.length === 0) return [`${relative(ROOT, file)} exports no *_QUERIES list`];
      return lists.flatMap(([name, list]) =>
        (list as QuerySpec[]).filter((q) => !listed.has(q)).map((q) => `${name}: ${describeQuery(q)}`),
      );
    });
    expect(storeModules.length).toBeGreaterThanOrEqual(4);
    expect(unlisted).toEqual([]);
  });

  test('every query a store lists has its index', () => {
    const missing = ALL_STORE_QUERIES.filter((query) => !findIndex(query, indexFile.indexes)).map(describeQuery);
    expect(missing).toEqual([]);
  });

  test('the queries the services really run are the ones their stores list, and each has its index', async () => {
    const exported = new Set(ALL_STORE_QUERIES.map(shapeOf));
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
