/**
 * Subscribing this browser to web push: the service worker (/sw.js), the
 * person's permission, a PushSubscription for our VAPID key, and the server's
 * record of it (`POST /api/push-subscriptions`).
 */
import type { Api } from './api';

export type PushSetup = 'subscribed' | 'unsupported' | 'denied';

/** The VAPID key as PushManager takes it (base64url → bytes). */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Subscribes this browser; says why not when it cannot. Errors of the push service are thrown. */
export async function subscribeThisBrowser(api: Pick<Api, 'pushKey' | 'addPushSubscription'>): Promise<PushSetup> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
    return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  const { publicKey } = await api.pushKey();
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await api.addPushSubscription(subscription.toJSON());
  return 'subscribed';
}
