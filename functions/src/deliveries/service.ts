/**
 * The delivery settings a person manages (docs/api.md "Deliveries"): the
 * webhook secret, confirmed e-mail addresses, browsers subscribed to push, the
 * unsubscribe link, and a test send of one of an agent's deliveries. Every
 * refusal comes before the first write.
 */
import { randomBytes } from 'node:crypto';
import { AppError, InvalidArgumentError, NotFoundError, ResourceExhaustedError } from '@agent-platform/core/errors';
import type { Locale } from '@agent-platform/core/locale';
import type { AuthUser } from '@agent-platform/core/ports';
import * as z from '@agent-platform/core/zod';
import type { Response } from '@google-cloud/functions-framework';
import { addressPolicy, checkTarget } from '../net/guarded-fetch';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents } from '../store/agents';
import { deliveryLinks } from '../store/delivery-settings';
import { htmlMail, sendMail } from './mail';
import { sendPage } from './pages';
import { DeliveryFailure, sendDelivery } from './send';
import { changeSettings, createLink, readLink, readSettings, reserveEmail } from './settings';
import { newWebhookSecret } from './signing';

const CONFIRM_TTL_MS = 24 * 60 * 60 * 1000;
const CONFIRM_RESEND_MS = 60_000;
const EMAILS_MAX = 10;
const PUSH_SUBSCRIPTIONS_MAX = 10;

/** `POST /api/webhook-secret/rotate`: a new secret; the old one stops signing at once. */
export async function rotateWebhookSecret(deps: Adapters, userId: string): Promise<string> {
  const secret = newWebhookSecret();
  await changeSettings(deps, userId, (s) => ({ settings: { ...s, webhookSecret: secret }, result: null }));
  log.info('webhook secret rotated', { userId });
  return secret;
}

/** `GET /api/email-addresses`: the account's verified address is confirmed without a mail. */
export async function listEmailAddresses(deps: Adapters, user: AuthUser) {
  let settings = await readSettings(deps, user.uid);
  const verified = user.verifiedEmail;
  if (verified && !settings.emails.some((e) => e.email === verified && e.confirmed)) {
    settings = await changeSettings(deps, user.uid, (s) => {
      const next = { ...s, emails: withConfirmed(s.emails, verified, deps.now().toISOString()) };
      return { settings: next, result: next };
    });
  }
  return settings.emails.map((e) => ({ email: e.email, confirmed: e.confirmed }));
}

const EmailBody = z.strictObject({ email: z.email().check(z.maxLength(254)) });

/**
 * `POST /api/email-addresses`: sends the confirmation mail (202). The account's
 * own verified address, or one confirmed already, needs none.
 */
export async function addEmailAddress(deps: Adapters, user: AuthUser, body: unknown, locale: Locale) {
  const parsed = EmailBody.safeParse(body);
  if (!parsed.success) {
    throw new AppError('invalid_argument', 'Send {"email": "a valid address"}.', {
      details: [{ field: 'email', message: 'A valid e-mail address.' }],
      retryable: false,
      ko: '{"email": "올바른 주소"} 형태로 보내 주세요.',
    });
  }
  const email = parsed.data.email.toLowerCase();
  const now = deps.now();
  const settings = await readSettings(deps, user.uid);
  const existing = settings.emails.find((e) => e.email === email);
  if (existing?.confirmed) return { email, confirmed: true };
  if (email === user.verifiedEmail) {
    await changeSettings(deps, user.uid, (s) => ({
      settings: { ...s, emails: withConfirmed(s.emails, email, now.toISOString()) },
      result: null,
    }));
    return { email, confirmed: true };
  }
  if (!existing && settings.emails.length >= EMAILS_MAX) {
    throw new ResourceExhaustedError(`At most ${EMAILS_MAX} addresses.`, undefined, {
      ko: `주소는 ${EMAILS_MAX}개까지 등록할 수 있습니다.`,
    });
  }
  if (existing?.requestedAt && now.getTime() - Date.parse(existing.requestedAt) < CONFIRM_RESEND_MS) {
    throw new ResourceExhaustedError('A confirmation mail was just sent; wait a minute.', 60, {
      ko: '방금 확인 메일을 보냈습니다. 1분 뒤에 다시 시도해 주세요.',
    });
  }
  if (!(await reserveEmail(deps, user.uid))) {
    throw new ResourceExhaustedError("Today's e-mail limit is reached.", undefined, {
      ko: '오늘 보낼 수 있는 메일 수를 다 썼습니다.',
    });
  }
  await changeSettings(deps, user.uid, (s) => {
    const others = s.emails.filter((e) => e.email !== email);
    const entry = { email, confirmed: false, requestedAt: now.toISOString(), confirmedAt: null };
    return { settings: { ...s, emails: [...others, entry] }, result: null };
  });
  const token = await createLink(deps, { userId: user.uid, kind: 'confirm', email, agentId: null }, CONFIRM_TTL_MS);
  const link = `${deps.config.deliveries.appUrl ?? ''}/api/email-addresses/confirm?token=${token}`;
  const subject = locale === 'ko' ? '메일 주소를 확인해 주세요' : 'Confirm your e-mail address';
  const lines =
    locale === 'ko'
      ? [
          '에이전트 결과를 이 주소로 받으려면 아래 링크를 열어 주세요. 링크는 24시간 동안 유효합니다.',
          '요청하지 않았다면 이 메일을 무시하세요.',
        ]
      : [
          'Open the link below to receive agent results at this address. It works for 24 hours.',
          'If you did not ask for this, ignore this mail.',
        ];
  try {
    await sendMail(deps.config, {
      to: email,
      subject,
      text: `${lines[0]}\n\n${link}\n\n${lines[1]}`,
      html: htmlMail({
        heading: subject,
        paragraphs: [lines[0] as string],
        links: [{ href: link, label: link }],
        footer: lines[1],
      }),
    });
  } catch (err) {
    log.warn('confirmation mail not sent', { userId: user.uid, err });
    throw new AppError('unavailable', 'The confirmation mail could not be sent; try again later.', {
      cause: err,
      ko: '확인 메일을 보내지 못했습니다. 잠시 뒤 다시 시도해 주세요.',
    });
  }
  return { email, confirmed: false };
}

/** `GET /api/email-addresses/confirm?token=…`: confirms and says so on a page. */
export async function confirmEmail(deps: Adapters, token: string, res: Response, locale: Locale): Promise<void> {
  const appUrl = deps.config.deliveries.appUrl ?? '/';
  const link = await readLink(deps, token, 'confirm');
  if (!link) return sendPage(res, 404, locale, 'expired', '', appUrl);
  const { userId, email } = link.data;
  await changeSettings(deps, userId, (s) => ({
    settings: { ...s, emails: withConfirmed(s.emails, email, deps.now().toISOString()) },
    result: null,
  }));
  await deliveryLinks.delete(deps.store, link.id);
  log.info('e-mail address confirmed', { userId });
  sendPage(res, 200, locale, 'confirmed', email, appUrl);
}

/** `GET /api/deliveries/unsubscribe?token=…`: the agent stops e-mailing that address. */
export async function unsubscribe(deps: Adapters, token: string, res: Response, locale: Locale): Promise<void> {
  const appUrl = deps.config.deliveries.appUrl ?? '/';
  const link = await readLink(deps, token, 'unsubscribe');
  if (!link?.data.agentId) return sendPage(res, 404, locale, 'expired', '', appUrl);
  const { userId, email, agentId } = link.data;
  await deps.store.runTransaction(async (tx) => {
    const agent = await agents.get(tx, agentId);
    if (!agent || agent.data.userId !== userId) return;
    const kept = agent.data.deliveries.filter((d) => !(d.type === 'email' && d.to === email));
    if (kept.length !== agent.data.deliveries.length) {
      agents.update(tx, agentId, { deliveries: kept, updatedAt: deps.now().toISOString() });
    }
  });
  log.info('e-mail delivery unsubscribed', { userId, agentId });
  sendPage(res, 200, locale, 'unsubscribed', email, appUrl);
}

/** `GET /api/push-key`: the VAPID public key browsers subscribe with. */
export function pushKey(deps: Adapters): string {
  const key = deps.config.deliveries.vapid.publicKey;
  if (!key) throw new AppError('unavailable', 'Web push is not set up here.', { ko: '웹 푸시가 설정되지 않았습니다.' });
  return key;
}

const base64url = (bytes: number) =>
  z.string().check(
    z.refine((s) => /^[A-Za-z0-9_-]+={0,2}$/.test(s) && Buffer.from(s, 'base64url').length === bytes, {
      message: `${bytes} bytes, base64url.`,
    }),
  );

/** A browser's `PushSubscription.toJSON()` (https://w3c.github.io/push-api/#dom-pushsubscription-tojson). */
const PushSubscriptionBody = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.strictObject({ p256dh: base64url(65), auth: base64url(16) }),
});

/** `POST /api/push-subscriptions`: this browser will get the user's push deliveries. */
export async function addPushSubscription(deps: Adapters, userId: string, body: unknown) {
  const parsed = PushSubscriptionBody.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    throw new InvalidArgumentError(
      { en: 'Send the browser’s PushSubscription as JSON.', ko: '브라우저의 PushSubscription을 JSON으로 보내 주세요.' },
      fields,
    );
  }
  const { endpoint, keys } = parsed.data;
  await checkTarget(endpoint, addressPolicy(deps.config), 'endpoint');
  const createdAt = deps.now().toISOString();
  await changeSettings(deps, userId, (s) => {
    const others = s.pushSubscriptions.filter((p) => p.endpoint !== endpoint);
    const kept = [...others, { endpoint, keys, createdAt }].slice(-PUSH_SUBSCRIPTIONS_MAX);
    return { settings: { ...s, pushSubscriptions: kept }, result: null };
  });
  return { endpoint };
}

/** `DELETE /api/push-subscriptions?endpoint=…`: idempotent. */
export async function removePushSubscription(deps: Adapters, userId: string, endpoint: string): Promise<void> {
  if (!endpoint)
    throw new InvalidArgumentError(
      { en: 'Name the subscription: ?endpoint=…', ko: '구독을 지정해 주세요: ?endpoint=…' },
      [{ field: 'endpoint', message: 'Required.' }],
    );
  await changeSettings(deps, userId, (s) => {
    if (!s.pushSubscriptions.some((p) => p.endpoint === endpoint)) return { settings: null, result: null };
    return {
      settings: { ...s, pushSubscriptions: s.pushSubscriptions.filter((p) => p.endpoint !== endpoint) },
      result: null,
    };
  });
}

/**
 * `POST /api/agents/{id}/deliveries/{index}/test`: sends a sample result through
 * one of the agent's deliveries now, and says how it went.
 */
export async function sendTestDelivery(deps: Adapters, userId: string, agentId: string, rawIndex: string) {
  const agent = agents.isId(agentId) ? await agents.get(deps.store, agentId) : null;
  if (!agent || agent.data.userId !== userId) throw new NotFoundError({ en: 'The agent', ko: '에이전트' });
  const index = /^\d{1,2}$/.test(rawIndex) ? Number(rawIndex) : -1;
  const delivery = agent.data.deliveries[index];
  if (!delivery) throw new NotFoundError({ en: 'The delivery', ko: '전송 설정' });
  const now = deps.now().toISOString();
  try {
    await sendDelivery(deps, {
      userId,
      agentId,
      delivery,
      messageId: `msg_test_${randomBytes(9).toString('base64url')}`,
      news: {
        agent: { id: agentId, name: agent.data.name },
        execution: {
          id: 'test',
          status: 'success',
          result: 'This is a test delivery: results will arrive like this.\n시험 전송입니다. 결과가 이렇게 도착합니다.',
          error: null,
          costUsd: 0,
          startTime: now,
          endTime: now,
          url: `${deps.config.deliveries.appUrl ?? ''}/agents/${encodeURIComponent(agentId)}`,
        },
      },
    });
  } catch (err) {
    if (!(err instanceof DeliveryFailure)) throw err;
    throw new AppError(err.permanent ? 'invalid_argument' : 'unavailable', err.message, {
      retryable: !err.permanent,
      ko: err.ko ?? `시험 전송에 실패했습니다: ${err.message}`,
    });
  }
  return { status: 'sent' as const };
}

function withConfirmed(
  emails: { email: string; confirmed: boolean; requestedAt: string | null; confirmedAt: string | null }[],
  email: string,
  at: string,
) {
  const others = emails.filter((e) => e.email !== email);
  const before = emails.find((e) => e.email === email);
  return [...others, { email, confirmed: true, requestedAt: before?.requestedAt ?? null, confirmedAt: at }];
}
