/** Firestore's limits as the local store applies them (core ports/limits.ts). */
import { InvalidArgumentError } from '@agent-platform/core/errors';
import {
  assertDocumentSize,
  documentNameSize,
  documentSize,
  idProblem,
  MAX_DOCUMENT_BYTES,
  missingIndex,
} from '@agent-platform/core/ports';

describe("a document's size, as https://cloud.google.com/firestore/docs/storage-size counts it", () => {
  test('the page’s own example: users/jeff/tasks/my_task_id is 44 bytes of name and 147 in all', () => {
    const path = 'users/jeff/tasks/my_task_id';
    expect(documentNameSize(path)).toBe(44);
    expect(
      documentSize(path, { type: 'Personal', done: false, priority: 1, description: 'Learn Cloud Firestore' }),
    ).toBe(147);
  });

  test('strings count UTF-8 bytes: a Korean letter is three', () => {
    expect(documentSize('a/b', { t: '뉴스' }) - documentSize('a/b', { t: '' })).toBe(6);
  });

  test('a nested map counts its fields and 32 bytes more (the strict reading)', () => {
    expect(documentSize('a/b', { m: {} }) - documentSize('a/b', { m: null })).toBe(31);
  });

  test('a document of exactly 1 MiB is allowed; one byte more is INVALID_ARGUMENT', () => {
    const base = documentSize('a/b', { t: '' });
    const fits = { t: 'x'.repeat(MAX_DOCUMENT_BYTES - base) };
    expect(documentSize('a/b', fits)).toBe(MAX_DOCUMENT_BYTES);
    expect(() => assertDocumentSize('a/b', fits)).not.toThrow();
    expect(() => assertDocumentSize('a/b', { t: `${fits.t}x` })).toThrow(InvalidArgumentError);
  });
});

describe('ids, as https://cloud.google.com/firestore/quotas allows them', () => {
  test.each([
    ['an empty id', '', 'is empty'],
    ['an id with a slash', 'a/b', 'contains a slash'],
    ['"."', '.', 'is "." or ".."'],
    ['".."', '..', 'is "." or ".."'],
    ['an id matching __.*__', '__x__', 'Firestore reserves'],
    ['an id of 1,501 bytes', 'x'.repeat(1501), 'longer than 1500 bytes'],
  ])('%s is refused', (_name, id, why) => {
    expect(idProblem(id)).toContain(why);
  });

  test.each([
    ['an auto id', 'a1b2C3'],
    ['underscores that do not wrap it', '__x'],
    ['"..."', '...'],
    ['an id of 1,500 bytes', 'x'.repeat(1500)],
  ])('%s is allowed', (_name, id) => {
    expect(idProblem(id)).toBeNull();
  });
});

describe('index exemptions (fieldOverrides)', () => {
  const definitions = {
    indexes: [],
    fieldOverrides: [
      { collectionGroup: 'executions', fieldPath: 'events', indexes: [] },
      {
        collectionGroup: 'executions',
        fieldPath: 'status',
        indexes: [{ order: 'ASCENDING' as const, queryScope: 'COLLECTION' }],
      },
    ],
  };

  test('a filter on an exempted field, or on a subfield of an exempted map, needs an index it lacks', () => {
    expect(missingIndex({ collection: 'executions', where: [['events', '==', []]] }, definitions)).toContain(
      'exempts "events"',
    );
    expect(missingIndex({ collection: 'executions', where: [['events.at', '==', 'x']] }, definitions)).toContain(
      'exempts "events.at"',
    );
  });

  test('an override keeps the single-field indexes it lists and drops the others', () => {
    expect(missingIndex({ collection: 'executions', where: [['status', '==', 'queued']] }, definitions)).toBeNull();
    expect(missingIndex({ collection: 'executions', orderBy: [['status', 'desc']] }, definitions)).toContain(
      'exempts "status"',
    );
  });

  test('fields of other collection groups are not affected', () => {
    expect(missingIndex({ collection: 'agents', where: [['events', '==', 'x']] }, definitions)).toBeNull();
  });
});
