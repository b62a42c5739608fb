/** The bounds that keep a run's document under 1 MiB (runs/bounds.ts). */
import { valueSize } from '@agent-platform/core/ports';
import { runEvent } from '@agent-platform/core/runs';
import {
  boundResult,
  capEvents,
  EVENTS_HEAD,
  EVENTS_MAX_BYTES,
  EVENTS_MAX_COUNT,
  RESULT_CUT_NOTE,
  RESULT_MAX_BYTES,
} from '../../src/runs/bounds';

const line = (i: number) =>
  runEvent(`2026-11-22T00:00:${String(i % 60).padStart(2, '0')}.000Z`, { code: 'code_execution' });

describe("a run's log", () => {
  test('is kept whole while it fits', () => {
    const events = Array.from({ length: EVENTS_MAX_COUNT }, (_v, i) => line(i));
    expect(capEvents(events)).toEqual(events);
  });

  test('past the line limit keeps the first lines, a line counting the dropped ones, and the latest', () => {
    const events = Array.from({ length: EVENTS_MAX_COUNT + 100 }, (_v, i) => ({ ...line(i), message: `line ${i}` }));
    const kept = capEvents(events);
    expect(kept).toHaveLength(EVENTS_MAX_COUNT);
    expect(kept.slice(0, EVENTS_HEAD)).toEqual(events.slice(0, EVENTS_HEAD));
    const note = kept[EVENTS_HEAD];
    expect(note).toMatchObject({ code: 'events_dropped', type: 'warning', params: { count: 101 } });
    expect(note?.message).toBe('Dropped 101 earlier lines of this log to keep the run within its size limit.');
    expect(kept.at(-1)).toEqual(events.at(-1));
  });

  test('capped again, folds the earlier count into one line', () => {
    const first = capEvents(Array.from({ length: EVENTS_MAX_COUNT + 100 }, (_v, i) => line(i)));
    const again = capEvents([...first, line(1), line(2), line(3)]);
    expect(again).toHaveLength(EVENTS_MAX_COUNT);
    expect(again.filter((e) => e.code === 'events_dropped')).toEqual([
      expect.objectContaining({ params: { count: 104 } }),
    ]);
  });

  test('past its byte budget keeps as many of the latest lines as fit', () => {
    const big = Array.from({ length: 400 }, (_v, i) =>
      runEvent('2026-11-22T00:00:00.000Z', { code: 'web_search', params: { query: `${i} ${'검'.repeat(400)}` } }),
    );
    const kept = capEvents(big);
    expect(kept.length).toBeLessThan(big.length);
    expect(valueSize(kept)).toBeLessThanOrEqual(EVENTS_MAX_BYTES);
    expect(kept.at(-1)).toEqual(big.at(-1));
    const count = Number(kept[EVENTS_HEAD]?.params?.count);
    expect(kept.length - 1 + count).toBe(big.length);
  });

  test('a line carries at most 1,000 characters of message and 500 of each value', () => {
    const e = runEvent('2026-11-22T00:00:00.000Z', {
      code: 'error',
      message: 'x'.repeat(5_000),
      params: { reasonCode: 'y'.repeat(900) },
    });
    expect(e.message).toHaveLength(1_001);
    expect(String(e.params?.reasonCode)).toHaveLength(501);
  });
});

describe("a run's result", () => {
  test('is kept whole up to the limit', () => {
    const text = 'a'.repeat(RESULT_MAX_BYTES);
    expect(boundResult(text)).toEqual({ result: text, cut: false });
  });

  test('past it, keeps the beginning and the note, within the limit and without splitting a character', () => {
    const text = '😀'.repeat(RESULT_MAX_BYTES / 2);
    const { result, cut } = boundResult(text);
    expect(cut).toBe(true);
    expect(result.endsWith(RESULT_CUT_NOTE)).toBe(true);
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(RESULT_MAX_BYTES);
    expect(result.slice(0, -RESULT_CUT_NOTE.length).isWellFormed()).toBe(true);
  });
});
