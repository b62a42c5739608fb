/**
 * Typed collections: reads are parsed through the converter (defaults filled,
 * corrupt documents refused by name) and patches are typed — the
 * `@ts-expect-error` lines below fail `npm run typecheck` if a misspelt or
 * mistyped field ever compiles.
 */
import { increment } from '@agent-platform/core/ports';
import * as z from '@agent-platform/core/zod';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import { Collection, CorruptDocumentError, type Patch } from '../../src/store/collection';

const Thing = z.object({
  userId: z.string(),
  label: z._default(z.string(), 'untitled'),
  count: z._default(z.number(), 0),
  totals: z._default(z.object({ input: z.number(), output: z.number() }), { input: 0, output: 0 }),
});
type Thing = z.output<typeof Thing>;
const things = new Collection<Thing>('things', Thing);

describe('a typed collection', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore(':memory:');
  });
  afterEach(() => store.close());

  test('fills the fields an older document lacks when it reads it', async () => {
    await store.set('things/t1', { userId: 'u1' });
    expect((await things.get(store, 't1'))?.data).toEqual({
      userId: 'u1',
      label: 'untitled',
      count: 0,
      totals: { input: 0, output: 0 },
    });
  });

  test('refuses a document that does not have its shape, naming the document and the field', async () => {
    await store.set('things/bad', { userId: 42 });
    await expect(things.get(store, 'bad')).rejects.toThrow(CorruptDocumentError);
    await expect(things.get(store, 'bad')).rejects.toThrow(/things\/bad .*userId/);
  });

  test('updates fields and nested fields, and increments numbers', async () => {
    await things.create(store, 't2', { userId: 'u1', label: 'a', count: 1, totals: { input: 1, output: 2 } });
    await things.update(store, 't2', { label: 'b', count: increment(2), 'totals.output': increment(3) });
    expect((await things.get(store, 't2'))?.data).toEqual({
      userId: 'u1',
      label: 'b',
      count: 3,
      totals: { input: 1, output: 5 },
    });
  });

  test('answers only for ids that can name a document', () => {
    expect([things.isId('abc_DEF-123'), things.isId('a/b'), things.isId(''), things.isId('x'.repeat(129))]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  test('types its patches', () => {
    const ok: Patch<Thing> = { label: 'x', count: increment(1), 'totals.input': 3 };
    // @ts-expect-error a field the document does not have
    const misspelt: Patch<Thing> = { lable: 'x' };
    // @ts-expect-error a nested field the document does not have
    const nested: Patch<Thing> = { 'totals.inptu': 1 };
    // @ts-expect-error a value of the wrong type
    const wrongType: Patch<Thing> = { count: 'three' };
    // @ts-expect-error an increment of a field that is not a number
    const notANumber: Patch<Thing> = { label: increment(1) };
    expect([ok, misspelt, nested, wrongType, notANumber]).toHaveLength(5);
  });
});
