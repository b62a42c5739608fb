/**
 * The Firestore REST reader the production dashboard gets its first data from:
 * our LiveQuery descriptions as `runQuery` structured queries (each carrying the
 * owner filter the rules require), Firestore `Value`s decoded to plain JSON, and
 * the request and answer of a real-shaped `runQuery` exchange over a fake fetch.
 */
import { ApiError } from '../src/data/errors';
import { decodeValue, type FirestoreValue, runQuery, toRunQuery } from '../src/data/firestore-rest';
import { ALL_QUERIES, type LiveQuery } from '../src/data/queries';

const ROOT = 'projects/demo/databases/(default)/documents';
const mine = { fieldFilter: { field: { fieldPath: 'userId' }, op: 'EQUAL', value: { stringValue: 'u1' } } };

describe('LiveQuery as a runQuery structured query', () => {
  it.each([
    { op: '==', value: 'x', rest: 'EQUAL', encoded: { stringValue: 'x' } },
    { op: '<', value: 3, rest: 'LESS_THAN', encoded: { integerValue: '3' } },
    { op: '<=', value: 2.5, rest: 'LESS_THAN_OR_EQUAL', encoded: { doubleValue: 2.5 } },
    {
      op: '>',
      value: '2026-01-01T00:00:00.000Z',
      rest: 'GREATER_THAN',
      encoded: { stringValue: '2026-01-01T00:00:00.000Z' },
    },
    { op: '>=', value: false, rest: 'GREATER_THAN_OR_EQUAL', encoded: { booleanValue: false } },
    {
      op: 'in',
      value: ['active', 'paused'],
      rest: 'IN',
      encoded: { arrayValue: { values: [{ stringValue: 'active' }, { stringValue: 'paused' }] } },
    },
    { op: 'array-contains', value: 'news', rest: 'ARRAY_CONTAINS', encoded: { stringValue: 'news' } },
  ] as const)('maps $op to $rest beside the owner filter', ({ op, value, rest, encoded }) => {
    const spec: LiveQuery = {
      collection: 'agents',
      where: [
        ['userId', '==', 'u1'],
        ['f', op, value],
      ],
    };
    expect(toRunQuery('demo', 'u1', spec)).toEqual({
      parent: ROOT,
      structuredQuery: {
        from: [{ collectionId: 'agents' }],
        where: {
          compositeFilter: {
            op: 'AND',
            filters: [mine, { fieldFilter: { field: { fieldPath: 'f' }, op: rest, value: encoded } }],
          },
        },
      },
    });
  });

  it('sends a lone owner filter as a field filter, with orderBy directions and the limit', () => {
    const spec: LiveQuery = {
      collection: 'executions',
      where: [['userId', '==', 'u1']],
      orderBy: [
        ['scheduledFor', 'desc'],
        ['agentId', 'asc'],
      ],
      limit: 30,
    };
    expect(toRunQuery('demo', 'u1', spec).structuredQuery).toEqual({
      from: [{ collectionId: 'executions' }],
      where: mine,
      orderBy: [
        { field: { fieldPath: 'scheduledFor' }, direction: 'DESCENDING' },
        { field: { fieldPath: 'agentId' }, direction: 'ASCENDING' },
      ],
      limit: 30,
    });
  });

  it('queries a subcollection under its parent document', () => {
    const { parent, structuredQuery } = toRunQuery('demo', 'u1', ALL_QUERIES('u1').messages!);
    expect(parent).toBe(`${ROOT}/conversations/conv1`);
    expect(structuredQuery.from).toEqual([{ collectionId: 'messages' }]);
    expect(structuredQuery.orderBy).toEqual([{ field: { fieldPath: 'timestamp' }, direction: 'ASCENDING' }]);
  });

  it('reads one document by id as __name__ == its full name, still filtered on the owner', () => {
    const { structuredQuery } = toRunQuery('demo', 'u1', ALL_QUERIES('u1').agent!);
    expect(structuredQuery.where).toEqual({
      compositeFilter: {
        op: 'AND',
        filters: [
          mine,
          {
            fieldFilter: {
              field: { fieldPath: '__name__' },
              op: 'EQUAL',
              value: { referenceValue: `${ROOT}/agents/agent1` },
            },
          },
        ],
      },
    });
  });

  it.each(Object.entries(ALL_QUERIES('u1')))('%s carries the userId == uid filter', (_name, spec) => {
    const { where } = toRunQuery('demo', 'u1', spec).structuredQuery;
    const filters = where && 'compositeFilter' in where ? where.compositeFilter.filters : [where];
    expect(filters).toContainEqual(mine);
  });

  it('refuses a query without the owner filter, or with another user’s', () => {
    expect(() => toRunQuery('demo', 'u1', { collection: 'agents' })).toThrow(/userId == uid/);
    expect(() => toRunQuery('demo', 'u1', { collection: 'agents', where: [['userId', '==', 'u2']] })).toThrow(
      /userId == uid/,
    );
  });
});

describe('Firestore values as plain JSON', () => {
  it.each<[string, FirestoreValue, unknown]>([
    ['null', { nullValue: null }, null],
    ['a boolean', { booleanValue: true }, true],
    ['an integer (sent as a string)', { integerValue: '12345' }, 12345],
    ['a negative integer', { integerValue: '-7' }, -7],
    ['a double', { doubleValue: 0.25 }, 0.25],
    ['a double sent as a string', { doubleValue: 'Infinity' }, Number.POSITIVE_INFINITY],
    [
      'a timestamp (kept as its string)',
      { timestampValue: '2026-11-01T08:00:00.123456Z' },
      '2026-11-01T08:00:00.123456Z',
    ],
    ['a string', { stringValue: '안녕' }, '안녕'],
    ['an empty array', { arrayValue: {} }, []],
    ['an empty map', { mapValue: {} }, {}],
  ])('decodes %s', (_name, value, expected) => {
    expect(decodeValue(value)).toEqual(expected);
  });

  it('decodes nested maps and arrays', () => {
    const value: FirestoreValue = {
      mapValue: {
        fields: {
          schedule: {
            mapValue: {
              fields: {
                time: { stringValue: '08:00' },
                days: { arrayValue: { values: [{ integerValue: '1' }, { integerValue: '5' }] } },
              },
            },
          },
          usage: {
            arrayValue: {
              values: [
                { mapValue: { fields: { tokens: { integerValue: '900' }, cost: { doubleValue: 0.01 } } } },
                { nullValue: null },
              ],
            },
          },
          ok: { booleanValue: false },
        },
      },
    };
    expect(decodeValue(value)).toEqual({
      schedule: { time: '08:00', days: [1, 5] },
      usage: [{ tokens: 900, cost: 0.01 }, null],
      ok: false,
    });
  });
});

describe('runQuery over HTTP', () => {
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('posts the structured query with the ID token and answers {id, path, data} per document', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return json([
        {
          document: {
            name: `${ROOT}/conversations/conv1/messages/m1`,
            fields: { userId: { stringValue: 'u1' }, text: { stringValue: 'hi' }, seq: { integerValue: '2' } },
          },
          readTime: '2026-11-01T00:00:00Z',
        },
        { document: { name: `${ROOT}/conversations/conv1/messages/m2` }, readTime: '2026-11-01T00:00:00Z' },
      ]);
    }) as unknown as typeof fetch;
    const docs = await runQuery(ALL_QUERIES('u1').messages!, {
      projectId: 'demo',
      uid: 'u1',
      idToken: 'tok',
      fetch: fetchFn,
    });

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`https://firestore.googleapis.com/v1/${ROOT}/conversations/conv1:runQuery`);
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.headers).toMatchObject({ Authorization: 'Bearer tok' });
    const body = JSON.parse(calls[0]!.init.body as string);
    expect(body.structuredQuery.from).toEqual([{ collectionId: 'messages' }]);
    expect(docs).toEqual([
      { id: 'm1', path: 'conversations/conv1/messages/m1', data: { userId: 'u1', text: 'hi', seq: 2 } },
      { id: 'm2', path: 'conversations/conv1/messages/m2', data: {} },
    ]);
  });

  it('answers no documents when Firestore sends only a read time', async () => {
    const fetchFn = (async () => json([{ readTime: '2026-11-01T00:00:00Z' }])) as unknown as typeof fetch;
    await expect(
      runQuery(ALL_QUERIES('u1').agents!, { projectId: 'demo', uid: 'u1', idToken: 't', fetch: fetchFn }),
    ).resolves.toEqual([]);
  });

  it.each([
    {
      name: 'a plain error body',
      body: { error: { code: 403, message: 'Missing or insufficient permissions.', status: 'PERMISSION_DENIED' } },
    },
    {
      name: 'an error inside the array',
      body: [{ error: { code: 403, message: 'Missing or insufficient permissions.', status: 'PERMISSION_DENIED' } }],
    },
  ])('turns a refusal in $name into a permission_denied ApiError with Firestore’s message', async ({ body }) => {
    const fetchFn = (async () => json(body, 403)) as unknown as typeof fetch;
    const err = await runQuery(ALL_QUERIES('u1').agents!, {
      projectId: 'demo',
      uid: 'u1',
      idToken: 't',
      fetch: fetchFn,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'permission_denied',
      status: 403,
      message: 'Missing or insufficient permissions.',
    });
  });
});
