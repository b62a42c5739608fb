/**
 * The service worker (served as /sw.js, scope /): shows a delivery's push as a
 * notification and opens the run's page when it is clicked. The message is
 * `{title, body, url}` (functions/src/deliveries/push.ts); a notification shows
 * text only, and a URL of another origin is never opened.
 */

// The worker's globals, typed here: the app's tsconfig describes a window, not a worker.
interface PushEventLike extends Event {
  data: { json(): unknown } | null;
  waitUntil(p: Promise<unknown>): void;
}
interface NotificationEventLike extends Event {
  notification: { close(): void; data: unknown };
  waitUntil(p: Promise<unknown>): void;
}
interface WorkerScope {
  location: Location;
  registration: { showNotification(title: string, options: NotificationOptions): Promise<void> };
  clients: {
    matchAll(o: {
      type: 'window';
      includeUncontrolled: boolean;
    }): Promise<{ url: string; focus(): Promise<unknown>; navigate(u: string): Promise<unknown> }[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: 'push', fn: (e: PushEventLike) => void): void;
  addEventListener(type: 'notificationclick', fn: (e: NotificationEventLike) => void): void;
}
const worker = globalThis as unknown as WorkerScope;

/** The page to open: the run's, if it is on this site; else the app. */
function pageOf(url: unknown): string {
  try {
    const target = new URL(String(url), worker.location.origin);
    return target.origin === worker.location.origin ? target.href : worker.location.origin;
  } catch {
    return worker.location.origin;
  }
}

worker.addEventListener('push', (event) => {
  let message: { title?: unknown; body?: unknown; url?: unknown } = {};
  try {
    message = (event.data?.json() ?? {}) as typeof message;
  } catch {
    // Not JSON: show a plain notification rather than none.
  }
  const title = typeof message.title === 'string' && message.title ? message.title : 'Agent Studio';
  event.waitUntil(
    worker.registration.showNotification(title, {
      body: typeof message.body === 'string' ? message.body : '',
      data: { url: pageOf(message.url) },
      tag: pageOf(message.url),
    }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = pageOf((event.notification.data as { url?: unknown } | null)?.url);
  event.waitUntil(
    (async () => {
      const open = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = open.find((c) => c.url === url);
      if (same) return same.focus();
      return worker.clients.openWindow(url);
    })(),
  );
});
