/**
 * Sending one delivery of one run, whatever its type: the deliver worker
 * (worker.ts) and the "send a test" endpoint both come here. A failure says
 * whether trying again could help: a refused address, an unconfirmed e-mail or
 * a used-up daily cap will not change on a retry.
 */
import type { Delivery } from '@agent-platform/core/agent';
import { FailedPreconditionError } from '@agent-platform/core/errors';
import { addressPolicy, guardedFetch, TargetRefusedError } from '../net/guarded-fetch';
import type { Adapters } from '../shared/factory';
import { type RunNews, webhookBody } from './formats';
import { escapeHtml, htmlMail, sendMail } from './mail';
import { sendPush } from './push';
import { changeSettings, createLink, isConfirmed, readSettings, reserveEmail, webhookSecret } from './settings';
import { signatureHeaders } from './signing';

/** A delivery that did not arrive; `permanent` when no retry can make it. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly ko?: string,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

export interface Sending {
  userId: string;
  agentId: string;
  delivery: Delivery;
  news: RunNews;
  /** Standard Webhooks `webhook-id`: the same on every retry of one delivery. */
  messageId: string;
}

const UNSUBSCRIBE_TTL_MS = 180 * 24 * 60 * 60 * 1000;

/** The absolute address of a run's page in the web app. */
export function runUrl(config: Adapters['config'], executionId: string): string {
  return `${config.deliveries.appUrl ?? ''}/runs/${encodeURIComponent(executionId)}`;
}

/** Sends it; throws DeliveryFailure when it did not arrive. */
export async function sendDelivery(deps: Adapters, s: Sending): Promise<void> {
  try {
    switch (s.delivery.type) {
      case 'webhook':
        return await sendWebhook(deps, s, s.delivery.url, s.delivery.format);
      case 'email':
        return await sendEmail(deps, s, s.delivery.to);
      case 'push':
        return await sendPushes(deps, s);
    }
  } catch (err) {
    if (err instanceof DeliveryFailure) throw err;
    if (err instanceof TargetRefusedError) throw new DeliveryFailure(err.message, true, err.options.ko);
    if (err instanceof FailedPreconditionError) throw new DeliveryFailure(err.message, true);
    throw new DeliveryFailure(err instanceof Error ? err.message : String(err), false);
  }
}

async function sendWebhook(deps: Adapters, s: Sending, url: string, format: Parameters<typeof webhookBody>[0]) {
  const body = JSON.stringify(webhookBody(format, s.news));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'agent-platform-webhooks/1',
  };
  if (format === 'json') {
    const secret = await webhookSecret(deps, s.userId);
    Object.assign(headers, signatureHeaders(secret, s.messageId, Math.floor(Date.now() / 1000), body));
  }
  const res = await guardedFetch(url, { method: 'POST', headers, body, timeoutMs: 15_000 }, addressPolicy(deps.config));
  if (res.status >= 200 && res.status < 300) return;
  throw new DeliveryFailure(
    `The receiver answered ${res.status}.`,
    false,
    `받는 쪽이 ${res.status}(으)로 응답했습니다.`,
  );
}

async function sendEmail(deps: Adapters, s: Sending, to: string) {
  const settings = await readSettings(deps, s.userId);
  if (!isConfirmed(settings, to)) {
    throw new DeliveryFailure(
      `${to} is not confirmed yet: open the link in the confirmation mail first.`,
      true,
      `${to} 주소가 아직 확인되지 않았습니다. 먼저 확인 메일의 링크를 열어 주세요.`,
    );
  }
  if (!(await reserveEmail(deps, s.userId))) {
    throw new DeliveryFailure("Today's e-mail limit is reached.", true, '오늘 보낼 수 있는 메일 수를 다 썼습니다.');
  }
  const token = await createLink(
    deps,
    { userId: s.userId, kind: 'unsubscribe', email: to, agentId: s.agentId },
    UNSUBSCRIBE_TTL_MS,
  );
  const unsubscribe = `${deps.config.deliveries.appUrl ?? ''}/api/deliveries/unsubscribe?token=${token}`;
  const { agent, execution } = s.news;
  const ok = execution.status === 'success';
  const subject = `${ok ? '✅' : '❌'} ${agent.name} — ${ok ? 'run succeeded · 실행 성공' : 'run failed · 실행 실패'}`;
  const content = ok ? (execution.result ?? '') : (execution.error ?? 'The run failed.');
  const text = [
    subject,
    '',
    content,
    '',
    `Open the run · 실행 보기: ${execution.url}`,
    '',
    `Stop these e-mails · 이 메일 그만 받기: ${unsubscribe}`,
  ].join('\n');
  const html = htmlMail({
    heading: subject,
    paragraphs: [],
    body: content,
    links: [{ href: execution.url, label: 'Open the run · 실행 보기' }],
    footer: `Stop these e-mails from “${agent.name}” · 이 에이전트의 메일 그만 받기: ${unsubscribe}`,
  }).replace(escapeHtml(unsubscribe), `<a href="${escapeHtml(unsubscribe)}">${escapeHtml(unsubscribe)}</a>`);
  await sendMail(deps.config, {
    to,
    subject,
    text,
    html,
    // RFC 2369 / RFC 8058: mail clients show their own unsubscribe button for it.
    headers: { 'List-Unsubscribe': `<${unsubscribe}>` },
  });
}

async function sendPushes(deps: Adapters, s: Sending) {
  const settings = await readSettings(deps, s.userId);
  if (settings.pushSubscriptions.length === 0) {
    throw new DeliveryFailure(
      'No browser is subscribed to notifications.',
      true,
      '알림을 받도록 설정한 브라우저가 없습니다.',
    );
  }
  const { agent, execution } = s.news;
  const ok = execution.status === 'success';
  const text = ok ? (execution.result ?? '') : (execution.error ?? '');
  const message = {
    title: `${ok ? '✅' : '❌'} ${agent.name}`,
    body: [...text].slice(0, 180).join('') || (ok ? 'Run succeeded' : 'Run failed'),
    url: execution.url,
  };
  const policy = addressPolicy(deps.config);
  const errors: string[] = [];
  const gone: string[] = [];
  let sent = 0;
  for (const sub of settings.pushSubscriptions) {
    try {
      const result = await sendPush(deps.config, policy, sub, message);
      if (result === 'sent') sent++;
      else if (result === 'gone') gone.push(sub.endpoint);
      else errors.push(result.error);
    } catch (err) {
      if (err instanceof TargetRefusedError) gone.push(sub.endpoint);
      else if (err instanceof FailedPreconditionError) throw err;
      else errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (gone.length > 0) {
    await changeSettings(deps, s.userId, (st) => ({
      settings: { ...st, pushSubscriptions: st.pushSubscriptions.filter((p) => !gone.includes(p.endpoint)) },
      result: null,
    }));
  }
  if (sent > 0) return;
  if (errors.length === 0) {
    throw new DeliveryFailure(
      'Every subscribed browser has unsubscribed.',
      true,
      '구독한 브라우저가 모두 구독을 끊었습니다.',
    );
  }
  throw new DeliveryFailure(errors[0] as string, false);
}
