/**
 * The Store contract: what every Store adapter must do, run against the local
 * SQLite adapter here and against Firestore wherever an emulator is reachable.
 */

import { ConflictError, NotFoundError } from '@agent-platform/core/errors';
import { increment, type Store } from '@agent-platform/core/ports';

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
    // Each test writes under its own collection prefix so a shared emulator stays clean.
    let c: string;
    beforeEach(async () => {
      h = await makeStore();
      store = h.store;
      c = `t${store.newId().slice(0, 8)}`;
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
  });
}
