/**
 * The app's custom events, typed in one place. Components dispatch them with
 * `emit(this, 'ap-send', { text })`; listeners get typed `detail`.
 */
import type { RunStatus, Schedule } from './data/types';

export interface AppEvents {
  /** The composer's text, to send to the designer. */
  'ap-send': { text: string };
  /** The schedule picker's new value (null: run on demand only). */
  'ap-schedule-change': { schedule: Schedule | null };
  /** The draft card's "Test run" button. */
  'ap-test-run': Record<string, never>;
  /** The draft card's "Save" button. */
  'ap-save': Record<string, never>;
  /** A run of the history was opened to its result (so it counts as seen). */
  'ap-run-opened': { id: string; status: string };
  /** A run card saw its run's status (first, and on every change): pages follow runs they started. */
  'ap-run-status': { executionId: string; status: RunStatus };
}

export type AppEvent<K extends keyof AppEvents> = CustomEvent<AppEvents[K]>;

/** Dispatches a bubbling, composed (crosses shadow roots) typed event. */
export function emit<K extends keyof AppEvents>(target: EventTarget, type: K, detail: AppEvents[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'ap-send': AppEvent<'ap-send'>;
    'ap-schedule-change': AppEvent<'ap-schedule-change'>;
    'ap-test-run': AppEvent<'ap-test-run'>;
    'ap-save': AppEvent<'ap-save'>;
    'ap-run-opened': AppEvent<'ap-run-opened'>;
    'ap-run-status': AppEvent<'ap-run-status'>;
  }
}
