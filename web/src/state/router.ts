/**
 * The app's routes, from the URL path (History API; the server falls back to
 * index.html for any path). A signal like the locale: RouterController re-renders
 * its host on navigation.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { t } from '../i18n/messages';
import { mayLeave } from './leave-guard';

export type Route =
  | { page: 'dashboard' }
  | { page: 'workspace'; conversationId?: string; agentId?: string }
  | { page: 'agent'; agentId: string }
  | { page: 'usage' }
  | { page: 'library' }
  | { page: 'templates' };

/**
 * Reads a path: `/`, `/new`, `/chat/<id>`, `/agents/<id>`, `/agents/<id>/chat` (the
 * designer, changing that agent), `/usage`, `/conversations` (the library), `/templates`;
 * anything else is the dashboard.
 */
export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'new') return { page: 'workspace' };
  if (parts[0] === 'chat' && parts[1]) return { page: 'workspace', conversationId: parts[1] };
  if (parts[0] === 'agents' && parts[1] && parts[2] === 'chat') return { page: 'workspace', agentId: parts[1] };
  if (parts[0] === 'agents' && parts[1]) return { page: 'agent', agentId: parts[1] };
  if (parts[0] === 'usage') return { page: 'usage' };
  if (parts[0] === 'conversations' && !parts[1]) return { page: 'library' };
  if (parts[0] === 'templates' && !parts[1]) return { page: 'templates' };
  return { page: 'dashboard' };
}

/** The path of an agent's page. */
export const agentPath = (agentId: string): string => `/agents/${encodeURIComponent(agentId)}`;

/** The path of the designer changing an agent (before its first message). */
export const agentChatPath = (agentId: string): string => `${agentPath(agentId)}/chat`;

/** The path of a designer conversation. */
export const chatPath = (conversationId: string): string => `/chat/${encodeURIComponent(conversationId)}`;

const listeners = new Set<() => void>();
let route: Route = parseRoute(globalThis.location?.pathname ?? '/');

export function currentRoute(): Route {
  return route;
}

/**
 * Goes to `path`; `replace` keeps the back button from returning to a transient URL.
 * Unsaved edits are asked about first (leave-guard.ts); declining stays on the page.
 */
export function navigate(path: string, replace = false): void {
  if (path !== location.pathname && !mayLeave(t().leaveUnsaved)) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  changed();
}

// The path on screen, to return to when going back is declined.
let shownPath = globalThis.location?.pathname ?? '/';

function changed(): void {
  shownPath = location.pathname;
  route = parseRoute(location.pathname);
  for (const fn of listeners) fn();
}

globalThis.addEventListener?.('popstate', () => {
  // The browser has moved already: declining puts the page's own URL back.
  if (!mayLeave(t().leaveUnsaved)) {
    history.pushState(null, '', shownPath);
    return;
  }
  changed();
});

/** Re-renders its host on every navigation. */
export class RouterController implements ReactiveController {
  private readonly listener = () => this.host.requestUpdate();
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  get route(): Route {
    return route;
  }
  hostConnected(): void {
    listeners.add(this.listener);
  }
  hostDisconnected(): void {
    listeners.delete(this.listener);
  }
}
