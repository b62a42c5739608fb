/**
 * What keeps an execution document under Firestore's 1 MiB per document
 * (https://cloud.google.com/firestore/quotas; sizes counted as
 * https://cloud.google.com/firestore/docs/storage-size, core ports/limits.ts),
 * which the local store enforces as production does. Two fields grow with what
 * the model does, so each has a budget, and with the fields that are bounded
 * elsewhere (the draft by the agent schema: a 20,000-character prompt is at most
 * 80 kB) the document stays well under the limit:
 *
 *   result   600,000 bytes   cut with a visible note, and a `result_cut` log line
 *   events   256 KiB         the first 20 lines and the latest, with an `events_dropped` line
 *   error    2,000 chars     cut
 *
 * Without them a long result (a 128,000-token ceiling allows more than 1 MiB)
 * or a long tool-using run made the outcome write fail, so the run was retried
 * and finally given up after paying for every attempt.
 */
import { valueSize } from '@agent-platform/core/ports';
import { type ExecutionEvent, runEvent } from '@agent-platform/core/runs';

export const RESULT_MAX_BYTES = 600_000;
export const EVENTS_MAX_BYTES = 256 * 1024;
/** Lines kept at most, whatever their size: the web shows the log as a list. */
export const EVENTS_MAX_COUNT = 500;
/** The first lines always kept: how the run began. */
export const EVENTS_HEAD = 20;
export const ERROR_MAX_CHARS = 2_000;

const encoder = new TextEncoder();

// 600,000 grouped by hand: the first toLocaleString of a process loads ICU's number data (~25 ms of a cold start).
const resultMax = String(RESULT_MAX_BYTES).replace(/\B(?=(\d{3})+$)/g, ',');
/** The note that ends a cut result, in English like the rest of what the platform adds to a result. */
export const RESULT_CUT_NOTE = `\n\n---\n*(The result was cut here: it was longer than ${resultMax} bytes, the most a run keeps.)*`;

/** The result as a run keeps it: whole, or its beginning and the note (never a split character). */
export function boundResult(result: string): { result: string; cut: boolean } {
  if (Buffer.byteLength(result) <= RESULT_MAX_BYTES) return { result, cut: false };
  const room = new Uint8Array(RESULT_MAX_BYTES - Buffer.byteLength(RESULT_CUT_NOTE));
  const { read } = encoder.encodeInto(result, room);
  return { result: `${result.slice(0, read)}${RESULT_CUT_NOTE}`, cut: true };
}

/** An error text as a run keeps it. */
export function clipError(error: string): string;
export function clipError(error: string | null): string | null;
export function clipError(error: string | null): string | null {
  return error !== null && error.length > ERROR_MAX_CHARS ? `${error.slice(0, ERROR_MAX_CHARS)}…` : error;
}

/**
 * The log as a run keeps it: unchanged while it fits; else its first lines, one
 * `events_dropped` line counting every line dropped so far (an earlier such line
 * is folded in), and as many of the latest lines as fit.
 */
export function capEvents(events: readonly ExecutionEvent[]): ExecutionEvent[] {
  const sizes = events.map(eventSize);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (events.length <= EVENTS_MAX_COUNT && total <= EVENTS_MAX_BYTES) return [...events];

  const noteAt = events.findIndex((e) => e.code === 'events_dropped');
  let dropped = noteAt >= 0 ? Number(events[noteAt]?.params?.count ?? 0) : 0;
  const kept = events.filter((_e, i) => i !== noteAt);
  const keptSizes = sizes.filter((_s, i) => i !== noteAt);
  const head = kept.slice(0, EVENTS_HEAD);
  let size = keptSizes.slice(0, EVENTS_HEAD).reduce((a, b) => a + b, 0);
  // Room for the note, whose count grows by a few digits at most.
  const room = EVENTS_MAX_BYTES - eventSize(note('', dropped + kept.length));
  // The latest lines, newest first, while they fit.
  let start = kept.length;
  while (start > EVENTS_HEAD && kept.length - start + head.length + 1 < EVENTS_MAX_COUNT) {
    const next = size + (keptSizes[start - 1] ?? 0);
    if (next > room) break;
    size = next;
    start--;
  }
  dropped += start - head.length;
  const lastDropped = kept[start - 1] ?? kept[head.length - 1];
  return [...head, note(lastDropped?.at ?? '', dropped), ...kept.slice(start)];
}

/** `events` with `more` appended, capped. */
export function appendEvents(events: readonly ExecutionEvent[], ...more: ExecutionEvent[]): ExecutionEvent[] {
  return capEvents([...events, ...more]);
}

const note = (at: string, count: number) => runEvent(at, { code: 'events_dropped', params: { count } });

// A run's log is checked after every line it adds (progress.ts); lines do not change once made, so each is measured once.
const sizes = new WeakMap<ExecutionEvent, number>();
function eventSize(event: ExecutionEvent): number {
  let size = sizes.get(event);
  if (size === undefined) {
    size = valueSize(event);
    sizes.set(event, size);
  }
  return size;
}
