/**
 * The plain pages the links in our mails open (a GET, no sign-in): the
 * address confirmation and the unsubscribe. In the reader's language
 * (Accept-Language), with nothing of the user's but the address, escaped.
 */
import type { Locale } from '@agent-platform/core/locale';
import type { Response } from '@google-cloud/functions-framework';
import { escapeHtml } from './mail';

const TEXT = {
  confirmed: {
    en: (email: string) => ['Address confirmed', `Results can now be e-mailed to ${email}.`],
    ko: (email: string) => ['주소를 확인했습니다', `이제 ${email} 주소로 결과를 받을 수 있습니다.`],
  },
  unsubscribed: {
    en: (email: string) => ['Unsubscribed', `This agent will no longer e-mail ${email}.`],
    ko: (email: string) => ['수신 거부했습니다', `이 에이전트는 더 이상 ${email} 주소로 메일을 보내지 않습니다.`],
  },
  expired: {
    en: () => [
      'This link has expired',
      'It was used already, has expired, or was never valid. Ask for a new one in the app.',
    ],
    ko: () => [
      '만료된 링크입니다',
      '이미 사용했거나 기한이 지났거나 올바르지 않은 링크입니다. 앱에서 다시 요청해 주세요.',
    ],
  },
} as const;

/** Writes one page; `kind` picks its words. */
export function sendPage(
  res: Response,
  status: number,
  locale: Locale,
  kind: keyof typeof TEXT,
  email = '',
  appUrl = '/',
): void {
  const [title = '', body = ''] = TEXT[kind][locale](email);
  const back = locale === 'ko' ? '앱으로 가기' : 'Go to the app';
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end(
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:560px;margin:48px auto;padding:0 16px;line-height:1.5}</style></head>` +
      `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="${escapeHtml(appUrl)}">${back}</a></p></body></html>`,
  );
}
