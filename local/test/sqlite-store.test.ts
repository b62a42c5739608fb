import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from '@agent-platform/core/errors';
import { increment } from '@agent-platform/core/ports';
import { describeStoreContract, STORE_CONTRACT_INDEXES } from '@agent-platform/functions/contracts';
import { SqliteStore } from '../src/sqlite-store';

describeStoreContract('SQLite (local stack)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  // The contract declares the indexes its queries need, as a deployment declares ours.
  const store = new SqliteStore(join(dir, 'store.db'), { indexes: STORE_CONTRACT_INDEXES });
  return {
    store,
    cleanup: async () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite store on disk', () => {
  test('keeps committed documents across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const file = join(dir, 'store.db');
    const first = new SqliteStore(file);
    await first.create('agents/a1', { userId: 'u1', name: '매일 뉴스' });
    first.close();
    const second = new SqliteStore(file);
    expect((await second.get('agents/a1'))?.data).toEqual({ userId: 'u1', name: '매일 뉴스' });
    second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('bills a query by the documents it returns, not the collection size', async () => {
    const store = new SqliteStore(':memory:');
    for (let i = 0; i < 300; i++) {
      await store.create(`agents/a${i}`, { nextRunAt: i < 3 ? '2026-01-01T00:00:00.000Z' : null });
    }
    store.meter.reads = 0;
    const due = await store.query({ collection: 'agents', where: [['nextRunAt', '<=', '2026-02-01T00:00:00.000Z']] });
    expect(due).toHaveLength(3);
    expect(store.meter.reads).toBe(3);
    store.close();
  });

  test("a top-level collection's indexes are its own, also on a store made before they were", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const file = join(dir, 'store.db');
    new SqliteStore(file).close();
    // An index as stacks made them before: on every document, so every write computed it.
    const raw = new DatabaseSync(file);
    raw.exec("CREATE INDEX ix_legacy ON docs (collection, json_extract(data, '$.status'), id)");
    raw.close();
    const store = new SqliteStore(file);
    await store.create('agents/a1', { status: 'active', name: '아침 뉴스' });
    await store.create('executions/e1', { status: 'active' });
    const found = await store.query({ collection: 'agents', where: [['status', '==', 'active']] });
    expect(found.map((d) => d.id)).toEqual(['a1']);
    store.close();
    const check = new DatabaseSync(file);
    const indexes = check.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all();
    const plan = check
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM docs WHERE collection = 'agents' AND json_extract(data, '$.status') = 'active'",
      )
      .all();
    check.close();
    rmSync(dir, { recursive: true, force: true });
    expect(indexes.map((i) => i.name)).not.toContain('ix_legacy');
    const own = indexes.filter((i) => String(i.name).startsWith('ixp_'));
    expect(own.map((i) => String(i.sql).replace(/^.* ON docs/, 'ON docs'))).toEqual([
      "ON docs (collection, json_extract(data, '$.status'), id) WHERE collection = 'agents'",
    ]);
    expect(plan.map((p) => String(p.detail)).join(' ')).toContain(String(own[0]?.name));
  });

  test('tells listeners what each commit changed', async () => {
    const store = new SqliteStore(':memory:');
    const seen: string[] = [];
    store.onChange((changes) => seen.push(...changes.map((c) => `${c.path}:${c.data ? 'set' : 'deleted'}`)));
    await store.create('agents/a', { x: 1 });
    await store.delete('agents/a');
    expect(seen).toEqual(['agents/a:set', 'agents/a:deleted']);
    store.close();
  });
});

// The Firestore emulator runs any query, indexed or not (https://github.com/firebase/firebase-tools/issues/2027),
// so only the local store can show this; production answers FAILED_PRECONDITION.
describe('SQLite store: indexes as firestore.indexes.json declares them', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await store.create('agents/a1', { userId: 'u1', name: 'A', createdAt: '2026-11-01T00:00:00.000Z', result: 'r' });
  });
  afterEach(() => store.close());

  test('by default it checks queries against the repository file: an indexed query runs', async () => {
    const mine = await store.query({
      collection: 'agents',
      where: [['userId', '==', 'u1']],
      orderBy: [['createdAt', 'desc']],
    });
    expect(mine.map((d) => d.id)).toEqual(['a1']);
  });

  test('a query whose composite index is missing fails with FAILED_PRECONDITION, in and out of transactions', async () => {
    const unindexed = { collection: 'agents', where: [['userId', '==', 'u1']], orderBy: [['name', 'asc']] } as const;
    await expect(store.query(unindexed)).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(store.query(unindexed)).rejects.toThrow(
      /The query requires an index.*userId ASCENDING, name ASCENDING/,
    );
    await expect(store.runTransaction((tx) => tx.query(unindexed))).rejects.toBeInstanceOf(FailedPreconditionError);
  });

  test('a filter on a field exempted from indexing fails with FAILED_PRECONDITION', async () => {
    await store.create('executions/e1', { userId: 'u1', result: 'done' });
    await expect(store.query({ collection: 'executions', where: [['result', '==', 'done']] })).rejects.toBeInstanceOf(
      FailedPreconditionError,
    );
    await expect(
      store.query({ collection: 'conversations/c1/messages', orderBy: [['content', 'asc']] }),
    ).rejects.toBeInstanceOf(FailedPreconditionError);
  });

  test('given its own definitions it checks against those', async () => {
    const bare = new SqliteStore(':memory:', { indexes: { indexes: [], fieldOverrides: [] } });
    await expect(
      bare.query({ collection: 'agents', where: [['userId', '==', 'u1']], orderBy: [['createdAt', 'desc']] }),
    ).rejects.toBeInstanceOf(FailedPreconditionError);
    expect(await bare.query({ collection: 'agents', where: [['userId', '==', 'u1']] })).toEqual([]);
    bare.close();
  });
});

describe('SQLite store: contention and limits only the stand-in shows', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore(':memory:');
  });
  afterEach(() => store.close());

  // Firestore's server libraries lock what a transaction reads, so a rival write waits rather than
  // forcing a retry; contention that lasts ends in ABORTED, which the production adapter maps to
  // UnavailableError (functions/test/firestore-store.test.ts). The local store is optimistic:
  // a read changed on every attempt is the same lasting contention.
  test('a transaction whose read changes on every attempt gives up with UnavailableError and writes nothing', async () => {
    await store.create('agents/hot', { n: 0 });
    let attempts = 0;
    const run = store.runTransaction(async (tx) => {
      attempts++;
      const doc = await tx.get('agents/hot');
      await store.update('agents/hot', { n: increment(1) }); // another writer, every time
      tx.set('agents/result', { saw: doc?.data.n ?? null });
    });
    await expect(run).rejects.toBeInstanceOf(UnavailableError);
    await expect(run).rejects.toMatchObject({ retryable: true, status: 503 });
    expect(attempts).toBe(25);
    expect(await store.get('agents/result')).toBeNull();
    expect((await store.get('agents/hot'))?.data).toEqual({ n: 25 });
  });

  test('an `in` with no values fails, as the client library refuses it', async () => {
    await expect(store.query({ collection: 'agents', where: [['status', 'in', []]] })).rejects.toThrow(
      "A non-empty array is required for 'in' filters",
    );
  });

  test('`in` filters that expand to more than 30 disjunctions fail with INVALID_ARGUMENT', async () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    const spec = {
      collection: 'agents',
      where: [
        ['status', 'in', six],
        ['model', 'in', six],
      ],
    } as const;
    await expect(store.query(spec)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await store.query({ ...spec, where: [spec.where[0], ['model', 'in', six.slice(0, 5)]] })).toEqual([]);
  });

  test('ids "." and "..", ids over 1,500 bytes and reserved ids in a collection path fail with INVALID_ARGUMENT', async () => {
    await expect(store.create('agents/..', { a: 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.get('agents/.')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.create(`agents/${'a'.repeat(1501)}`, { a: 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await store.create(`agents/${'a'.repeat(1500)}`, { a: 1 });
    expect(store.count('agents')).toBe(1);
    await expect(store.query({ collection: 'conversations/__c__/messages' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  test('maps and arrays deeper than 20 levels fail, as the client library refuses them', async () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { x: nest(levels - 1) });
    // `v` and 20 maps below it: a leaf at v.x.….x, 21 segments, depth 20 as the client library counts.
    await store.create('agents/ok', { v: nest(20) });
    await expect(store.create('agents/deep', { v: nest(21) })).rejects.toThrow('deeper than 20 levels');
    expect(await store.get('agents/deep')).toBeNull();
  });

  test('a Date, a class instance or NaN in a write fails instead of turning into something else', async () => {
    await expect(store.create('agents/d', { at: new Date() })).rejects.toThrow('ISO-8601');
    await expect(store.create('agents/c', { at: new URL('https://example.com') })).rejects.toThrow('class instance');
    await expect(store.set('agents/n', { cost: Number.NaN })).rejects.toThrow('NaN');
    await expect(store.set('agents/i', { cost: increment(1) })).rejects.toThrow('class instance');
    expect(store.count('agents')).toBe(0);
  });
});
