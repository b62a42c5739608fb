/**
 * How the production adapter answers a live query: a one-shot read first (REST,
 * available before the Firestore SDK has loaded), then the live listener, which
 * takes over from its first snapshot on. The one-shot answer is dropped if the
 * listener answered first.
 *
 * Errors: a failed one-shot read alone is never reported, since the listener
 * still brings the data. A failed listener is always reported, once, after the
 * one-shot read has settled (so its data, if any, is shown first): without the
 * listener the view would stop updating without a word, which the person should
 * know. When both fail, the listener's error is the one reported.
 */
import type { LiveDoc, Unsubscribe } from './backend';
import { type ApiError, toApiError } from './errors';

export interface FirstThenLiveSource {
  /** One read of the documents; aborted once the listener has answered or on unsubscribe. */
  first(signal: AbortSignal): Promise<LiveDoc[]>;
  /** Loads what the listener needs and opens it. */
  live(next: (docs: LiveDoc[]) => void, fail: (err: ApiError) => void): Promise<Unsubscribe>;
}

/** Streams documents as `Backend.watch` does, from `first` and then `live`. */
export function watchFirstThenLive(
  source: FirstThenLiveSource,
  next: (docs: LiveDoc[]) => void,
  fail: (err: ApiError) => void,
): Unsubscribe {
  const abort = new AbortController();
  let stopped = false;
  let liveAnswered = false;
  let firstSettled = false;
  let liveError: ApiError | null = null;
  let stopLive: Unsubscribe | null = null;

  const reportLiveError = () => {
    if (stopped || !liveError || !firstSettled) return;
    stopped = true; // one error, then silence: the listener is gone
    fail(liveError);
  };
  const onLiveError = (err: unknown) => {
    if (stopped || liveError) return;
    liveError = toApiError(err);
    reportLiveError();
  };

  source.first(abort.signal).then(
    (docs) => {
      firstSettled = true;
      if (!stopped && !liveAnswered) next(docs);
      reportLiveError();
    },
    () => {
      firstSettled = true;
      reportLiveError();
    },
  );
  source
    .live((docs) => {
      if (stopped) return;
      liveAnswered = true;
      firstSettled = true; // the one-shot answer no longer matters
      abort.abort();
      next(docs);
    }, onLiveError)
    .then(
      (unsubscribe) => {
        if (stopped) unsubscribe();
        else stopLive = unsubscribe;
      },
      onLiveError, // the SDK chunk did not load
    );

  return () => {
    stopped = true;
    abort.abort();
    stopLive?.();
  };
}
