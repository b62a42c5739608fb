/**
 * The Store contract: what every Store adapter must do, run against the local
 * SQLite adapter here and against Firestore wherever an emulator is reachable.
 *
 * It includes the Firestore limits our code depends on and the emulator enforces
 * as production does (core ports/limits.ts). What only the local store can show
 * is in its own tests (local/test/sqlite-store.test.ts): the index check (the
 * emulator runs any query without an index, https://github.com/firebase/firebase-tools/issues/2027)
 * and giving up on contention (the server libraries lock what a transaction
 * reads, so a rival write waits instead of forcing a retry).
 */

import { ConflictError, InvalidArgumentError, NotFoundError } from '@agent-platform/core/errors';
import {
  type IndexDefinitions,
  increment,
  MAX_DOCUMENT_BYTES,
  type Store,
  type StoredDoc,
} from '@agent-platform/core/ports';

/** Every test writes under `contract/{run}/items`, so one collection group serves them all. */
const GROUP = 'items';

/** The composite indexes the contract's queries need, for adapters that check indexes (the local store). */
export const STORE_CONTRACT_INDEXES: IndexDefinitions = {
  indexes: [
    {
      collectionGroup: GROUP,
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'userId', order: 'ASCENDING' },
        { fieldPath: 'at', order: 'DESCENDING' },
      ],
    },
  ],
  fieldOverrides: [],
};

/** The words of the Firestore client library, which the local store repeats. */
const UNDEFINED_REFUSED = 'Cannot use "undefined" as a Firestore value';
const READ_AFTER_WRITE = 'Firestore transactions require all reads to be executed before all writes';

export interface StoreHarness {
  store: Store;
  /** Called after each test. */
  cleanup(): Promise<void>;
}

/** Registers the contract's tests for the adapter the factory makes. */
export function describeStoreContract(adapterName: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${adapterName}`, () => {
    let h: StoreHarness;
    let store: Store;
    // Each test writes under its own parent document so a shared emulator stays clean.
    let c: string;
    beforeEach(async () => {
      h = await makeStore();
      store = h.store;
      c = `contract/${store.newId()}/${GROUP}`;
    });
    afterEach(async () => h.cleanup());

    test('reads back what it created, and refuses to create it twice', async () => {
      await store.create(`${c}/a`, { name: '주간 뉴스', n: 1, tags: ['x'], nested: { ok: true } });
      expect(await store.get(`${c}/a`)).toEqual({
        id: 'a',
        path: `${c}/a`,
        data: { name: '주간 뉴스', n: 1, tags: ['x'], nested: { ok: true } },
      });
      await expect(store.create(`${c}/a`, { name: 'other' })).rejects.toBeInstanceOf(ConflictError);
      expect((await store.get(`${c}/a`))?.data).toMatchObject({ name: '주간 뉴스' });
    });

    test('answers null for a missing document', async () => {
      expect(await store.get(`${c}/missing`)).toBeNull();
    });

    test('set replaces the whole document', async () => {
      await store.set(`${c}/a`, { a: 1, b: 2 });
      await store.set(`${c}/a`, { a: 3 });
      expect((await store.get(`${c}/a`))?.data).toEqual({ a: 3 });
    });

    test('update changes dotted fields and adds increments, keeping the rest', async () => {
      await store.create(`${c}/u`, { usage: { '2026-11': { input: 5 } }, other: 'kept' });
      await store.update(`${c}/u`, {
        'usage.2026-11.input': increment(7),
        'usage.2026-11.output': increment(2),
        status: 'done',
      });
      expect((await store.get(`${c}/u`))?.data).toEqual({
        usage: { '2026-11': { input: 12, output: 2 } },
        other: 'kept',
        status: 'done',
      });
    });

    test('update of a missing document fails with not found and creates nothing', async () => {
      await expect(store.update(`${c}/nope`, { a: 1 })).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.get(`${c}/nope`)).toBeNull();
    });

    test('delete removes the document and is harmless when repeated', async () => {
      await store.create(`${c}/d`, { a: 1 });
      await store.delete(`${c}/d`);
      await store.delete(`${c}/d`);
      expect(await store.get(`${c}/d`)).toBeNull();
    });

    test('queries filter, order newest first and limit', async () => {
      for (let i = 0; i < 5; i++) {
        await store.create(`${c}/q${i}`, { userId: i % 2 ? 'u1' : 'u2', at: `2026-11-0${i + 1}T00:00:00.000Z`, n: i });
      }
      const mine = await store.query({
        collection: c,
        where: [['userId', '==', 'u2']],
        orderBy: [['at', 'desc']],
        limit: 2,
      });
      expect(mine.map((d) => d.id)).toEqual(['q4', 'q2']);
      const due = await store.query({
        collection: c,
        where: [['at', '<=', '2026-11-02T00:00:00.000Z']],
        orderBy: [['at', 'asc']],
      });
      expect(due.map((d) => d.id)).toEqual(['q0', 'q1']);
      const some = await store.query({ collection: c, where: [['n', 'in', [1, 3]]] });
      expect(some.map((d) => d.id).sort()).toEqual(['q1', 'q3']);
    });

    test('a cursor pages on past its document, equal values continuing by id', async () => {
      // Two documents share a time: the id decides between them, in the order's direction.
      const at = ['2026-11-05', '2026-11-04', '2026-11-04', '2026-11-03', '2026-11-02'];
      for (const [i, day] of at.entries())
        await store.create(`${c}/p${i}`, { userId: 'u1', at: `${day}T00:00:00.000Z` });
      await store.create(`${c}/other`, { userId: 'u2', at: '2026-11-04T00:00:00.000Z' });
      const page = (after?: StoredDoc) =>
        store.query({
          collection: c,
          where: [['userId', '==', 'u1']],
          orderBy: [['at', 'desc']],
          ...(after ? { startAfter: [after.data.at, after.id] } : {}),
          limit: 2,
        });
      const seen: string[] = [];
      let last: StoredDoc | undefined;
      for (let i = 0; i < 4; i++) {
        const docs = await page(last);
        seen.push(...docs.map((d) => d.id));
        last = docs.at(-1);
        if (docs.length < 2) break;
      }
      expect(seen).toEqual(['p0', 'p2', 'p1', 'p3', 'p4']);
    });

    test('a range filter leaves out documents whose field is null or missing', async () => {
      await store.create(`${c}/due`, { at: '2026-11-01T00:00:00.000Z' });
      await store.create(`${c}/cleared`, { at: null });
      await store.create(`${c}/never`, { other: 1 });
      const found = await store.query({
        collection: c,
        where: [['at', '<=', '2026-12-01T00:00:00.000Z']],
        orderBy: [['at', 'asc']],
      });
      expect(found.map((d) => d.id)).toEqual(['due']);
    });

    test('array-contains and null equality match as Firestore does', async () => {
      await store.create(`${c}/x`, { tools: ['web_search', 'web_fetch'], nextRunAt: null });
      await store.create(`${c}/y`, { tools: ['code_execution'], nextRunAt: '2026-11-22T00:00:00.000Z' });
      expect(
        (await store.query({ collection: c, where: [['tools', 'array-contains', 'web_fetch']] })).map((d) => d.id),
      ).toEqual(['x']);
      expect((await store.query({ collection: c, where: [['nextRunAt', '==', null]] })).map((d) => d.id)).toEqual([
        'x',
      ]);
    });

    test('documents with the same order value come by id, in the direction of the last order', async () => {
      for (const id of ['b', 'a', 'c']) await store.create(`${c}/${id}`, { at: '2026-11-01T00:00:00.000Z' });
      await store.create(`${c}/z`, { at: '2026-10-01T00:00:00.000Z' });
      const ids = async (direction: 'asc' | 'desc') =>
        (await store.query({ collection: c, orderBy: [['at', direction]] })).map((d) => d.id);
      expect(await ids('desc')).toEqual(['c', 'b', 'a', 'z']);
      expect(await ids('asc')).toEqual(['z', 'a', 'b', 'c']);
    });

    test('ordering leaves out documents that lack the field', async () => {
      await store.create(`${c}/with`, { at: '2026-01-01T00:00:00.000Z' });
      await store.create(`${c}/without`, { other: 1 });
      expect((await store.query({ collection: c, orderBy: [['at', 'asc']] })).map((d) => d.id)).toEqual(['with']);
    });

    test('subcollections are separate per parent', async () => {
      await store.create(`${c}/p1/messages/m1`, { text: 'one' });
      await store.create(`${c}/p2/messages/m2`, { text: 'two' });
      expect((await store.query({ collection: `${c}/p1/messages` })).map((d) => d.data)).toEqual([{ text: 'one' }]);
    });

    test('transactions read, then write atomically', async () => {
      await store.create(`${c}/acct`, { balance: 10 });
      const after = await store.runTransaction(async (tx) => {
        const doc = await tx.get(`${c}/acct`);
        tx.update(`${c}/acct`, { balance: Number(doc?.data.balance ?? 0) - 3 });
        tx.create(`${c}/log1`, { change: -3 });
        return Number(doc?.data.balance ?? 0) - 3;
      });
      expect(after).toBe(7);
      expect((await store.get(`${c}/acct`))?.data).toEqual({ balance: 7 });
      expect(await store.get(`${c}/log1`)).not.toBeNull();
    });

    test('a failing transaction writes nothing', async () => {
      await store.create(`${c}/acct`, { balance: 10 });
      await expect(
        store.runTransaction(async (tx) => {
          tx.update(`${c}/acct`, { balance: 0 });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await store.get(`${c}/acct`))?.data).toEqual({ balance: 10 });
    });

    test('concurrent read-modify-write transactions lose no update', async () => {
      await store.create(`${c}/counter`, { n: 0 });
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.runTransaction(async (tx) => {
            const doc = await tx.get(`${c}/counter`);
            await new Promise((r) => setTimeout(r, 1));
            tx.update(`${c}/counter`, { n: Number(doc?.data.n ?? 0) + 1 });
          }),
        ),
      );
      expect((await store.get(`${c}/counter`))?.data).toEqual({ n: 20 });
    });

    test('of 20 concurrent claims of one job exactly one wins', async () => {
      await store.create(`${c}/job`, { status: 'queued' });
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_v, i) =>
          store.runTransaction(async (tx) => {
            const job = await tx.get(`${c}/job`);
            if (job?.data.status !== 'queued') return false;
            tx.update(`${c}/job`, { status: 'running', worker: i });
            return true;
          }),
        ),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await store.get(`${c}/job`))?.data).toMatchObject({ status: 'running' });
    });

    test('creating an existing document inside a transaction fails the transaction', async () => {
      await store.create(`${c}/once`, { a: 1 });
      await expect(
        store.runTransaction(async (tx) => {
          tx.set(`${c}/side`, { a: 1 });
          tx.create(`${c}/once`, { a: 2 });
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get(`${c}/side`)).toBeNull();
      expect((await store.get(`${c}/once`))?.data).toEqual({ a: 1 });
    });

    test('new ids are 20 characters and distinct', () => {
      const ids = new Set(Array.from({ length: 1000 }, () => store.newId()));
      expect(ids.size).toBe(1000);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{20}$/);
    });

    describe('refuses what Firestore refuses', () => {
      test('undefined anywhere in a create, set or update fails and writes nothing', async () => {
        await expect(store.create(`${c}/u1`, { a: 1, b: undefined })).rejects.toThrow(UNDEFINED_REFUSED);
        await expect(store.set(`${c}/u2`, { nested: { deep: { x: undefined } } })).rejects.toThrow(UNDEFINED_REFUSED);
        await expect(store.set(`${c}/u3`, { list: [1, undefined] })).rejects.toThrow(UNDEFINED_REFUSED);
        await store.create(`${c}/u4`, { a: 1 });
        await expect(store.update(`${c}/u4`, { a: undefined })).rejects.toThrow(UNDEFINED_REFUSED);
        expect(await store.get(`${c}/u1`)).toBeNull();
        expect(await store.get(`${c}/u2`)).toBeNull();
        expect(await store.get(`${c}/u3`)).toBeNull();
        expect((await store.get(`${c}/u4`))?.data).toEqual({ a: 1 });
      });

      test('undefined in a transaction fails the transaction, which writes nothing', async () => {
        await expect(
          store.runTransaction(async (tx) => {
            tx.set(`${c}/first`, { ok: true });
            tx.set(`${c}/second`, { bad: undefined });
          }),
        ).rejects.toThrow(UNDEFINED_REFUSED);
        expect(await store.get(`${c}/first`)).toBeNull();
        expect(await store.get(`${c}/second`)).toBeNull();
      });

      test('a read after a write in a transaction fails the transaction, which writes nothing', async () => {
        await store.create(`${c}/seen`, { n: 1 });
        await expect(
          store.runTransaction(async (tx) => {
            tx.set(`${c}/early`, { n: 2 });
            await tx.get(`${c}/seen`);
          }),
        ).rejects.toThrow(READ_AFTER_WRITE);
        await expect(
          store.runTransaction(async (tx) => {
            tx.update(`${c}/seen`, { n: 3 });
            await tx.query({ collection: c, where: [['n', '==', 1]] });
          }),
        ).rejects.toThrow(READ_AFTER_WRITE);
        expect(await store.get(`${c}/early`)).toBeNull();
        expect((await store.get(`${c}/seen`))?.data).toEqual({ n: 1 });
      });

      test('an `in` filter takes 30 values; 31 fail with INVALID_ARGUMENT', async () => {
        await store.create(`${c}/v7`, { n: 7 });
        const thirty = Array.from({ length: 30 }, (_v, i) => i);
        expect((await store.query({ collection: c, where: [['n', 'in', thirty]] })).map((d) => d.id)).toEqual(['v7']);
        await expect(store.query({ collection: c, where: [['n', 'in', [...thirty, 30]]] })).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
      });

      test('a document over 1 MiB fails with INVALID_ARGUMENT and is not written; one under is stored', async () => {
        await expect(store.create(`${c}/huge`, { text: 'x'.repeat(MAX_DOCUMENT_BYTES) })).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
        expect(await store.get(`${c}/huge`)).toBeNull();
        await store.create(`${c}/big`, { text: 'x'.repeat(1_000_000) });
        expect(String((await store.get(`${c}/big`))?.data.text).length).toBe(1_000_000);
      });

      test('an update that grows a document past 1 MiB fails and leaves it as it was', async () => {
        await store.create(`${c}/grows`, { a: 'x'.repeat(600_000) });
        await expect(store.update(`${c}/grows`, { b: 'y'.repeat(600_000) })).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
        expect(Object.keys((await store.get(`${c}/grows`))?.data ?? {})).toEqual(['a']);
      });

      test('a transaction with a document over 1 MiB writes none of its documents', async () => {
        await expect(
          store.runTransaction(async (tx) => {
            tx.set(`${c}/small`, { ok: true });
            tx.set(`${c}/too-big`, { text: 'x'.repeat(MAX_DOCUMENT_BYTES) });
          }),
        ).rejects.toBeInstanceOf(InvalidArgumentError);
        expect(await store.get(`${c}/small`)).toBeNull();
      });

      test('a transaction of 500 writes commits; one of 501 fails with INVALID_ARGUMENT and writes nothing', async () => {
        await store.runTransaction(async (tx) => {
          for (let i = 0; i < 500; i++) tx.set(`${c}/w${i}`, { i });
        });
        expect((await store.get(`${c}/w499`))?.data).toEqual({ i: 499 });
        await expect(
          store.runTransaction(async (tx) => {
            for (let i = 0; i < 501; i++) tx.set(`${c}/x${i}`, { i });
          }),
        ).rejects.toBeInstanceOf(InvalidArgumentError);
        expect(await store.get(`${c}/x0`)).toBeNull();
        expect(await store.get(`${c}/x500`)).toBeNull();
      });

      test('ids and field names matching __.*__ are reserved: INVALID_ARGUMENT', async () => {
        await expect(store.get(`${c}/__reserved__`)).rejects.toBeInstanceOf(InvalidArgumentError);
        await expect(store.create(`${c}/__reserved__`, { a: 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
        await expect(store.create(`${c}/f`, { __meta__: 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
        expect(await store.get(`${c}/f`)).toBeNull();
      });

      test('an array directly inside an array fails with INVALID_ARGUMENT', async () => {
        await expect(store.create(`${c}/grid`, { rows: [[1, 2], [3]] })).rejects.toBeInstanceOf(InvalidArgumentError);
        await store.create(`${c}/rows`, { rows: [{ cells: [1, 2] }, { cells: [3] }] });
        expect((await store.get(`${c}/rows`))?.data).toEqual({ rows: [{ cells: [1, 2] }, { cells: [3] }] });
        expect(await store.get(`${c}/grid`)).toBeNull();
      });
    });
  });
}
