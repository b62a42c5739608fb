import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeQuery, findIndex, type IndexEntry } from '@agent-platform/core/ports';
import { assertOwnerOnly, type FirestoreSdk, toFirestoreQuery } from '../src/data/firestore-mapping';
import { ALL_QUERIES, type LiveQuery } from '../src/data/queries';

/** A fake Firestore SDK that records the calls the mapping makes. */
function recordingSdk() {
  const calls: unknown[][] = [];
  const sdk: FirestoreSdk<string, unknown, unknown> = {
    collection: (db, path) => ({ db, path }),
    query: (q, ...constraints) => ({ q, constraints }),
    where: (field, op, value) => ['where', field, op, value],
    orderBy: (field, dir) => ['orderBy', field, dir],
    limit: (n) => ['limit', n],
    documentId: () => '__name__',
  };
  return { sdk, calls };
}

describe('live queries', () => {
  const queries = Object.entries(ALL_QUERIES('user-1'));

  it.each(queries)('%s filters on the user’s own userId, as the rules require', (_name, q) => {
    expect(q.where).toContainEqual(['userId', '==', 'user-1']);
    expect(() => assertOwnerOnly(q, 'user-1')).not.toThrow();
  });

  it('limit what they read to 1–500 documents where they limit it (the local feed’s and Firestore’s bounds)', () => {
    const limited = queries.filter(([, q]) => q.limit !== undefined);
    expect(limited.map(([name]) => name).sort()).toEqual([
      'agentExecutions',
      'conversations',
      'executionsSince',
      'latestResults',
    ]);
    expect(limited.filter(([, q]) => !(q.limit! >= 1 && q.limit! <= 500))).toEqual([]);
  });

  it('order first by the field of a range filter, as Firestore requires', () => {
    const isRange = ([, op]: readonly [string, string, unknown]) => ['<', '<=', '>', '>='].includes(op);
    const ranged = queries.filter(([, q]) => (q.where ?? []).some(isRange));
    expect(ranged.map(([name]) => name)).toEqual(['executionsSince']);
    for (const [, q] of ranged) expect(q.orderBy?.[0]?.[0]).toBe(q.where?.find(isRange)?.[0]);
  });

  it('each have their index in firestore.indexes.json', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'firestore.indexes.json'), 'utf8')) as {
      indexes: IndexEntry[];
    };
    const missing = queries
      .filter(([, q]) => q.docId === undefined && !findIndex(q, file.indexes))
      .map(([name, q]) => `${name}: ${describeQuery(q)}`);
    expect(missing).toEqual([]);
  });
});

describe('the production adapter’s query mapping', () => {
  it('maps a collection query to where, orderBy and limit calls in order', () => {
    const { sdk } = recordingSdk();
    const q: LiveQuery = {
      collection: 'executions',
      where: [
        ['userId', '==', 'u1'],
        ['agentId', '==', 'a1'],
      ],
      orderBy: [['scheduledFor', 'desc']],
      limit: 30,
    };
    expect(toFirestoreQuery(sdk, 'db', 'u1', q)).toEqual({
      q: { db: 'db', path: 'executions' },
      constraints: [
        ['where', 'userId', '==', 'u1'],
        ['where', 'agentId', '==', 'a1'],
        ['orderBy', 'scheduledFor', 'desc'],
        ['limit', 30],
      ],
    });
  });

  it('reads one document as a query on its id, so a missing one is empty rather than refused', () => {
    const { sdk } = recordingSdk();
    const mapped = toFirestoreQuery(sdk, 'db', 'u1', ALL_QUERIES('u1').agent!) as { constraints: unknown[] };
    expect(mapped.constraints).toEqual([
      ['where', 'userId', '==', 'u1'],
      ['where', '__name__', '==', 'agent1'],
    ]);
  });

  it('maps a subcollection path straight through', () => {
    const { sdk } = recordingSdk();
    const mapped = toFirestoreQuery(sdk, 'db', 'u1', ALL_QUERIES('u1').messages!) as { q: { path: string } };
    expect(mapped.q.path).toBe('conversations/conv1/messages');
  });

  it('refuses a query without the owner clause before Firestore would', () => {
    const { sdk } = recordingSdk();
    expect(() => toFirestoreQuery(sdk, 'db', 'u1', { collection: 'agents' })).toThrow(/userId == uid/);
    expect(() =>
      toFirestoreQuery(sdk, 'db', 'u1', { collection: 'agents', where: [['userId', '==', 'someone-else']] }),
    ).toThrow(/userId == uid/);
  });
});
