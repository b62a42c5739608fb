/**
 * The app's locale: Korean or English, first from the browser, then as the user
 * chose (remembered in localStorage). A tiny signal: components re-render through
 * LocaleController when it changes.
 */
import { type Locale, localeFromLanguages } from '@agent-platform/core/locale';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export { type Locale, localeFromLanguages };

const STORAGE_KEY = 'ap.locale';
const listeners = new Set<() => void>();

function initial(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'ko' || saved === 'en') return saved;
  } catch {
    // Storage can be blocked (private mode); fall back to the browser's languages.
  }
  const nav = globalThis.navigator;
  return localeFromLanguages(nav?.languages?.length ? nav.languages : [nav?.language ?? 'en']);
}

let current: Locale = initial();

export function getLocale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  if (next === current) return;
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  if (globalThis.document) document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

export function onLocaleChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Re-renders its host whenever the locale changes. */
export class LocaleController implements ReactiveController {
  private off: (() => void) | null = null;
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this.off = onLocaleChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
  }
}
