/**
 * Unsaved edits ask before they are thrown away: a component with edits not yet
 * saved holds a guard while it has them. Navigating inside the app (router.ts),
 * going back or forward, closing or reloading the tab all ask first.
 */
const guards = new Set<() => boolean>();

/** Registers `dirty` (true while there are unsaved edits); returns the release. */
export function holdLeaveGuard(dirty: () => boolean): () => void {
  guards.add(dirty);
  return () => guards.delete(dirty);
}

/** True when nothing unsaved would be lost, or the person agrees to lose it. */
export function mayLeave(
  question: string,
  confirm: (text: string) => boolean = (text) => window.confirm(text),
): boolean {
  if (![...guards].some((dirty) => dirty())) return true;
  return confirm(question);
}

/** True while some component has unsaved edits. */
export function hasUnsavedEdits(): boolean {
  return [...guards].some((dirty) => dirty());
}

// Closing or reloading the tab: the browser asks in its own words (custom text is ignored).
globalThis.addEventListener?.('beforeunload', (e: BeforeUnloadEvent) => {
  if (!hasUnsavedEdits()) return;
  e.preventDefault();
  e.returnValue = '';
});
