/**
 * The workspace's finish, in Korean and in English, as a person would notice it:
 * what matters scrolls into view, a long paste is refused in words, unknown
 * conversations say so (reload-mid-reply.test.ts: the page waits for a reply), times name
 * their zone and follow the language, server errors read in the page's language,
 * unsaved edits ask before they go, and every page fits 360 px.
 */
import { join } from 'node:path';
import { formatNumber } from '@agent-platform/web/format';
import { messagesFor } from '@agent-platform/web/i18n';
import type { Page } from 'playwright-core';
import { inView, overflowX } from './a11y';
import { browser, guestOf, newUser, SCREENSHOTS, send, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(240_000);

// Replies take a few seconds (so a reload can land mid-reply); one hand-started run a minute
// (so the second "Run now" is refused by the server, in words).
useBrowserStack({ offlineChunkDelayMs: 40, env: { RUN_NOW_PER_MINUTE: '1' } });

const people = [
  {
    lang: 'ko' as const,
    locale: 'ko-KR' as const,
    timezoneId: 'Asia/Seoul',
    otherZone: 'America/New_York',
    prompt: '매일 아침 8시에 서울 시간으로 한국 IT 뉴스를 요약해줘',
    followUps: ['네, 그렇게 만들어 주세요', '좋아요, 초안을 만들어 주세요'],
    tooMany: /실행을 너무 많이 시작했습니다/,
    logTime: /오전|오후/,
  },
  {
    lang: 'en' as const,
    locale: 'en-US' as const,
    timezoneId: 'America/New_York',
    otherZone: 'Asia/Seoul',
    prompt: 'Every day at 8am New York time, summarise the tech news',
    followUps: ['Yes, please make it', 'Looks good, propose the draft'],
    tooMany: /Too many runs started/,
    logTime: /AM|PM/,
  },
];

/** Runs `body` in a fresh profile, keeping a screenshot of the moment it failed. */
async function asNewUser(
  who: { lang: string; locale: 'ko-KR' | 'en-US'; timezoneId: string },
  name: string,
  size: { width: number; height: number },
  body: (page: Page, errors: string[]) => Promise<void>,
): Promise<void> {
  const { context, page, errors } = await newUser(browser, { ...who, ...size });
  try {
    await body(page, errors);
  } catch (err) {
    await shot(page, `${who.lang}-${name}-failure`).catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
}

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 860 };

describe.each(people)('in $lang', (who) => {
  const m = messagesFor(who.lang);
  const lastMessage = (page: Page) => page.locator('workspace-page chat-message').last();

  it('keeps the designer’s newest words and the test result in view on a phone, also after a reload', async () => {
    await asNewUser(who, 'designer', PHONE, async (page, errors) => {
      await page.goto(`${stack.url}/new`);
      await page.getByRole('heading', { name: m.wsTitle }).waitFor();
      expect(await page.title()).toBe(m.pageTitle(m.wsTitle));
      expect(await page.getByRole('link', { name: m.navNew }).getAttribute('aria-current')).toBe('page');
      await page.getByRole('link', { name: m.skipToContent }).waitFor({ state: 'attached' });

      // A paste past the limit stays whole, is refused in words, and cannot be sent.
      const box = page.getByRole('textbox', { name: m.composerLabel });
      const pasted = '가'.repeat(20_000);
      await box.fill(pasted);
      const alert = page.locator('chat-composer [role="alert"]');
      expect((await alert.textContent())?.trim()).toBe(
        m.messageTooLong(formatNumber(20_000, who.lang), formatNumber(10_000, who.lang)),
      );
      expect((await box.inputValue()).length).toBe(20_000);
      expect(await page.getByRole('button', { name: m.send }).isDisabled()).toBe(true);
      await shot(page, `${who.lang}-polish-01-paste-refused`);
      await box.fill('');
      expect(await alert.count()).toBe(0);

      // Each new turn comes into view as it arrives.
      await send(page, who.prompt, m.composerLabel);
      expect(await inView(lastMessage(page), 0.05)).toBe(true);
      const draftName = page.locator('draft-card #draft-name');
      for (const next of who.followUps) {
        if (await draftName.isVisible()) break;
        await send(page, next, m.composerLabel);
        expect(await inView(lastMessage(page), 0.05)).toBe(true);
      }
      await draftName.waitFor({ timeout: 10_000 });
      // The draft's next runs say which zone their times are in.
      const zone = (await page.locator('draft-card .zone').textContent())?.trim();
      expect(zone).toContain(`(${who.timezoneId})`);
      expect(zone).toContain(m.timesIn('').trim());

      // The test run's result, far below the draft on a phone, is brought into view when it is in.
      await page.locator('draft-card').getByRole('button', { name: m.testRun }).click();
      const card = page.locator('test-run-card').last();
      await card.locator('status-badge', { hasText: m.run_success }).waitFor({ timeout: 60_000 });
      await card.locator('markdown-view').waitFor();
      await page.waitForTimeout(800); // the smooth scroll's time
      expect(await inView(card.locator('markdown-view'), 0.05)).toBe(true);
      await shot(page, `${who.lang}-polish-02-test-result-in-view`);

      // A reopened conversation opens at its end, not its top.
      await page.reload();
      await lastMessage(page).waitFor();
      await page.locator('test-run-card status-badge', { hasText: m.run_success }).last().waitFor();
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(await inView(lastMessage(page), 0.05)).toBe(true);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      await shot(page, `${who.lang}-polish-03-reopened-at-end`);
      expect(errors).toEqual([]);
    });
  });

  it('asks which news, from where and in what form when asked only to summarise the news', async () => {
    await asNewUser(who, 'vague-news', DESKTOP, async (page, errors) => {
      await page.goto(`${stack.url}/new`);
      await send(page, who.lang === 'ko' ? '뉴스 요약해줘' : 'Summarise the news', m.composerLabel);
      const question = who.lang === 'ko' ? '어떤 뉴스를 요약할까요?' : 'Which news should it summarise?';
      await page.locator('chat-message markdown-view', { hasText: question }).waitFor();
      expect(await page.locator('draft-card #draft-name').count()).toBe(0);
      await shot(page, `${who.lang}-polish-08-which-news`);
      expect(errors).toEqual([]);
    });
  });

  it('says a conversation does not exist instead of opening an empty designer', async () => {
    await asNewUser(who, 'missing-chat', PHONE, async (page, errors) => {
      await page.goto(`${stack.url}/chat/not-a-real-conversation`);
      await page.getByRole('heading', { name: m.conversationNotFound }).waitFor();
      expect(await page.locator('chat-composer').count()).toBe(0);
      expect(await page.title()).toBe(m.pageTitle(m.conversationNotFound));
      await shot(page, `${who.lang}-polish-04-missing-conversation`);
      await page.getByRole('link', { name: m.startNewConversation }).click();
      await page.getByRole('heading', { name: m.wsTitle }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/new');
      expect(errors).toEqual([]);
    });
  });

  it('opens the latest result, keeps a run open across a reload, and speaks the page’s language', async () => {
    await asNewUser(who, 'agent-page', DESKTOP, async (page, errors) => {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      const guest = await guestOf(page);
      const name = who.lang === 'ko' ? '매일 아침 경제 뉴스 요약' : 'Morning economy news summary';
      const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
        name,
        finalAgentPrompt: 'Summarise the economy news in five bullet points.',
        schedule: { frequency: 'daily', time: '09:00', timezone: who.otherZone },
        status: 'active',
      });
      expect(created.status).toBe(201);
      await page.goto(`${stack.url}/agents/${created.body.id}`);
      await page.getByRole('heading', { name, level: 1 }).waitFor();

      // The tab says which agent; the navigation says where the page belongs.
      expect(await page.title()).toBe(m.pageTitle(name));
      expect(await page.getByRole('link', { name: m.navDashboard }).getAttribute('aria-current')).toBe('page');
      expect(await page.getByRole('link', { name: m.navNew }).getAttribute('aria-current')).toBe('false');
      // Another zone's times say whose they are.
      const zone = (await page.locator('schedule-picker .preview .zone').textContent())?.trim();
      expect(zone).toContain(`(${who.otherZone})`);
      expect(zone).toContain(m.timesIn('').trim());
      // The model's name is shown whole.
      expect(await modelFits(page)).toBe(true);

      // Run now, reload at once: the run stays open and its result arrives there.
      await page.getByRole('button', { name: m.runNow }).click();
      await page.getByText(m.runStarted).waitFor();
      await page.reload();
      const open = page.locator('run-history li').filter({ has: page.locator('button[aria-expanded="true"]') });
      await open.waitFor();
      await open.locator('status-badge', { hasText: m.run_success }).waitFor({ timeout: 60_000 });
      await open.locator('markdown-view').waitFor();
      // The next scheduled run is listed first, but the result is what opens.
      const rows = page.locator('run-history li');
      expect(await rows.first().locator('status-badge', { hasText: m.run_scheduled }).count()).toBe(1);
      expect(await rows.first().locator('button').getAttribute('aria-expanded')).toBe('false');
      await page.reload();
      await open.locator('markdown-view').waitFor();
      await shot(page, `${who.lang}-polish-05-latest-result-open`);

      // A refusal from the server reads in the page's language.
      await page.getByRole('button', { name: m.runNow }).click();
      await page.locator('toast-stack [role="alert"]').getByText(who.tooMany).waitFor();

      // The log's times follow a change of language.
      const firstTime = open.locator('run-log time').first();
      expect(await firstTime.textContent()).toMatch(who.logTime);
      const other = who.lang === 'ko' ? 'en' : 'ko';
      await page.getByRole('combobox', { name: m.language }).selectOption(other);
      await page.getByRole('heading', { name: messagesFor(other).runs, exact: true }).waitFor();
      expect(await firstTime.textContent()).toMatch(other === 'ko' ? /오전|오후/ : /AM|PM/);
      expect(await firstTime.textContent()).not.toMatch(who.logTime);
      await page.getByRole('combobox', { name: messagesFor(other).language }).selectOption(who.lang);
      await page.getByRole('heading', { name: m.runs, exact: true }).waitFor();

      // Run history on a phone: each date on one line, whole.
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(200);
      const dates = await page
        .locator('run-history .when')
        .evaluateAll((spans) =>
          spans.map((el) => ({ lines: el.getClientRects().length, cut: el.scrollWidth > el.clientWidth })),
        );
      expect(dates.length).toBeGreaterThanOrEqual(2);
      for (const date of dates) expect(date).toEqual({ lines: 1, cut: false });
      expect(await modelFits(page)).toBe(true);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      await page
        .locator('run-history')
        .screenshot({ path: join(SCREENSHOTS, `${who.lang}-polish-06-run-history-360px.png`) });
      await shot(page, `${who.lang}-polish-07-agent-360px`);

      // Unsaved edits ask before leaving; declining keeps them.
      await page.setViewportSize(DESKTOP);
      const nameBox = page.locator('agent-form #name');
      await nameBox.fill(`${name} 2`);
      let asked = '';
      page.once('dialog', (d) => {
        asked = d.message();
        void d.dismiss();
      });
      await page.getByRole('link', { name: m.navDashboard }).click();
      await page.waitForTimeout(300);
      expect(asked).toBe(m.leaveUnsaved);
      expect(new URL(page.url()).pathname).toBe(`/agents/${created.body.id}`);
      expect(await nameBox.inputValue()).toBe(`${name} 2`);
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('link', { name: m.navDashboard }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.getByRole('heading', { name: m.dashTitle }).waitFor();
      expect(await page.title()).toBe(m.pageTitle(m.dashTitle));
      expect(errors.filter((e) => !/429|Too Many Requests/.test(e))).toEqual([]);
    });
  });
});

/** True when the model menu is wide enough for the chosen model's name (plus its padding and arrow). */
function modelFits(page: Page): Promise<boolean> {
  return page.locator('agent-form #model').evaluate((el) => {
    const select = el as HTMLSelectElement;
    const style = getComputedStyle(select);
    const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const label = select.selectedOptions[0]?.textContent ?? '';
    const needed =
      ctx.measureText(label).width + Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight) + 16;
    return select.clientWidth >= needed;
  });
}
