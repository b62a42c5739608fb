import { messagesFor } from '@agent-platform/web/i18n';
import { browser, newUser, send, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(240_000);

useBrowserStack();

const journeys = [
  {
    lang: 'ko' as const,
    locale: 'ko-KR' as const,
    timezoneId: 'Asia/Seoul',
    prompt: '매주 월요일 오전 8시에 서울 시간으로 한국 IT 뉴스를 요약해줘',
    followUps: ['네, 그렇게 만들어 주세요', '좋아요, 초안을 만들어 주세요'],
    offlineWords: '오프라인',
  },
  {
    lang: 'en' as const,
    locale: 'en-US' as const,
    timezoneId: 'America/New_York',
    prompt: 'Every Monday at 8am New York time, summarise the week’s tech news',
    followUps: ['Yes, please make it', 'Looks good, propose the draft'],
    offlineWords: 'Offline stand-in',
  },
];

describe.each(journeys)('the journey in $lang', ({ lang, locale, timezoneId, prompt, followUps, offlineWords }) => {
  const m = messagesFor(lang);

  it('goes from a first visit to a scheduled agent with a finished run', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId });
    try {
      // First visit: a guest session starts with no form; the empty dashboard leads to the workspace.
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await shot(page, `${lang}-01-dashboard-empty`);
      await page.getByRole('link', { name: m.emptyCta }).click();
      await page.getByRole('heading', { name: m.wsTitle }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/new');

      // Chat until the designer proposes a draft.
      await send(page, prompt, m.composerLabel);
      expect(new URL(page.url()).pathname).toMatch(/^\/chat\/.+/);
      const draftName = page.locator('draft-card #draft-name');
      for (const next of followUps) {
        if (await draftName.isVisible()) break;
        await send(page, next, m.composerLabel);
      }
      await draftName.waitFor({ timeout: 10_000 });
      const name = (await draftName.textContent())?.trim() ?? '';
      expect(name.length).toBeGreaterThan(0);
      // The stand-in says in every reply that it is the stand-in.
      await page.locator('chat-message markdown-view', { hasText: offlineWords }).first().waitFor();
      await shot(page, `${lang}-02-draft`);

      // Test run: its result appears live in the chat.
      await page.getByRole('button', { name: m.testRun }).click();
      const testCard = page.locator('test-run-card').last();
      await testCard.locator('status-badge', { hasText: m.run_success }).waitFor({ timeout: 60_000 });
      await testCard.locator('markdown-view').waitFor();
      await shot(page, `${lang}-03-test-run`);

      // Save: back on the dashboard with the agent listed, scheduled, next run shown.
      await page.getByRole('button', { name: m.save }).click();
      await page.waitForURL((u) => u.pathname === '/');
      const card = page.locator('agent-card', { hasText: name });
      await card.waitFor();
      await card.locator('status-badge', { hasText: m.status_active }).waitFor();
      expect(await card.getByText(m.onDemand).count()).toBe(0);
      await shot(page, `${lang}-04-dashboard`);

      // Agent page: run now, then the run's result, live.
      await card.locator('a').click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await page.getByRole('button', { name: m.runNow }).click();
      // The run just started is the one shown open (a future scheduled run may be listed above it).
      const firstRun = page.locator('run-history li').filter({ has: page.locator('button[aria-expanded="true"]') });
      await firstRun.locator('status-badge', { hasText: m.run_success }).waitFor({ timeout: 60_000 });
      await firstRun.locator('markdown-view').waitFor();
      const resultText = await firstRun.locator('markdown-view').evaluate((el) => el.shadowRoot?.textContent ?? '');
      expect(resultText.trim().length).toBeGreaterThan(0);
      await shot(page, `${lang}-05-run-result`);

      // The same pages at 360 px wide stay usable.
      await page.setViewportSize({ width: 360, height: 780 });
      await shot(page, `${lang}-06-agent-360px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByRole('link', { name: m.navDashboard }).click();
      await page.locator('agent-card', { hasText: name }).waitFor();
      await shot(page, `${lang}-07-dashboard-360px`);

      expect(errors).toEqual([]);
    } catch (err) {
      // Keep what the user saw at the moment it went wrong.
      await shot(page, `${lang}-failure`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});
