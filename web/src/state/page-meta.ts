/**
 * What the current page says about itself to the frame: its title (the tab's
 * title) and which navigation item it belongs to (an agent being changed in the
 * designer belongs to the dashboard, not to "New agent"). A tiny signal like the
 * locale: pages set it when they render, the app shell reads it.
 */
export type NavSection = 'dashboard' | 'new' | 'library' | 'templates' | 'usage' | null;

export interface PageMeta {
  /** The page's own title, without the app's name; empty while it loads. */
  title: string;
  section: NavSection;
}

const listeners = new Set<() => void>();
let current: PageMeta & { path: string } = { title: '', section: null, path: '' };

/** What the page at the current URL said about itself, or null when it has not said yet. */
export function pageMeta(): PageMeta | null {
  return current.path === globalThis.location?.pathname ? current : null;
}

/** Sets the current page's title and section; a no-op when nothing changed (pages call it on every update). */
export function setPageMeta(next: PageMeta): void {
  const path = globalThis.location?.pathname ?? '';
  if (next.title === current.title && next.section === current.section && path === current.path) return;
  current = { ...next, path };
  for (const fn of listeners) fn();
}

export function onPageMetaChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
