import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '@agent-platform/functions/contracts';
import { SqliteStore } from '../src/sqlite-store';

describeStoreContract('SQLite (local stack)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  const store = new SqliteStore(join(dir, 'store.db'));
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
