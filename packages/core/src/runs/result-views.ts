/**
 * Which finished runs a person has seen (the dashboard's "new" marker), one
 * document per user at `resultViews/{uid}`. It stays small whatever the number
 * of runs: it lists the latest results seen (at most `SEEN_KEPT`), and `since`
 * says that every result that ended at or before it counts as seen ("mark all
 * as seen", and where the list was cut). Browser-safe: the web app decides
 * "new" with the same function it reads the document with.
 */
import * as z from '../zod';

/** How many seen results the document keeps by id. */
export const SEEN_KEPT = 100;

// Built on its first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
export const ResultViewsDocSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    /** Results that ended at or before this instant are seen; null before the first "mark all". */
    since: z._default(z.nullable(z.string()), null),
    /** Seen results, the latest ending first. */
    seen: z._default(z.array(z.object({ id: z.string(), endTime: z.string() })), []),
    updatedAt: z.string(),
  }),
);
export type ResultViewsDoc = z.output<typeof ResultViewsDocSchema>;

/** True for a finished run the person has not seen yet. */
export function isNewResult(
  run: { id: string; status: string; endTime?: string | null },
  views: Pick<ResultViewsDoc, 'since' | 'seen'> | null | undefined,
): boolean {
  if ((run.status !== 'success' && run.status !== 'failed') || !run.endTime) return false;
  if (!views) return true;
  if (views.since && run.endTime <= views.since) return false;
  return !views.seen.some((s) => s.id === run.id);
}

/** The document after `run` was seen: listed first, the list cut to `SEEN_KEPT` with `since` moved past what was cut. */
export function withSeen(
  views: Pick<ResultViewsDoc, 'since' | 'seen'>,
  run: { id: string; endTime: string },
): Pick<ResultViewsDoc, 'since' | 'seen'> {
  const seen = [run, ...views.seen.filter((s) => s.id !== run.id)].sort((a, b) => b.endTime.localeCompare(a.endTime));
  const kept = seen.slice(0, SEEN_KEPT);
  const cut = seen.slice(SEEN_KEPT);
  // What falls off the list stays seen: `since` moves to the latest end among them.
  const latestCut = cut.reduce<string | null>((max, s) => (max === null || s.endTime > max ? s.endTime : max), null);
  const since = latestCut && (!views.since || latestCut > views.since) ? latestCut : views.since;
  return { since, seen: since ? kept.filter((s) => s.endTime > since) : kept };
}
