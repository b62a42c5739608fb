/** The index check the tests and the local store use: which composite index a query needs. */
import { findIndex, type IndexEntry, type QuerySpec } from '@agent-platform/core/ports';

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
