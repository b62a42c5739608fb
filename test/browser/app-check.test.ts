/**
 * A deployment that enforces App Check: the web app gets its App Check token
 * (the local stand-in of reCAPTCHA Enterprise and App Check's exchange) and
 * sends it with every API call, so a person notices nothing. Korean, as our
 * first users write.
 */
import { messagesFor } from '@agent-platform/web/i18n';
import { browser, newUser, send, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(120_000);

useBrowserStack({ env: { APP_CHECK_ENFORCE: 'true' } });

const ko = messagesFor('ko');

it('designs with the designer and reads usage while every API call must carry an App Check token', async () => {
  const { context, page, errors } = await newUser(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  const refused: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/') && r.status() === 401) refused.push(r.url());
  });
  try {
    await page.goto(`${stack.url}/new`);
    await page.getByRole('heading', { name: ko.wsTitle }).waitFor();
    await send(page, '매일 아침 7시에 서울 날씨를 알려줘', ko.composerLabel);
    await page.locator('chat-message:not([role-user])').first().waitFor();
    await page.goto(`${stack.url}/usage`);
    await page.locator('usage-page').waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'ko-app-check-usage');
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
