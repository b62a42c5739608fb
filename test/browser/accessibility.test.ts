/**
 * The whole journey by keyboard alone — design, test, save, run now, read the
 * result — in Korean and in English, with axe-core checking every page on the
 * way (no serious or critical violations) and each page looked at again 360 px wide.
 */
import { messagesFor } from '@agent-platform/web/i18n';
import type { Page } from 'playwright-core';
import { type AxeViolation, overflowX, seriousViolations, tabTo } from './a11y';
import { browser, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(300_000);

useBrowserStack();

const journeys = [
  {
    lang: 'ko' as const,
    locale: 'ko-KR' as const,
    timezoneId: 'Asia/Seoul',
    prompt: '평일 아침 7시 반에 서울 날씨를 확인하고 우산이 필요한지 알려줘',
    followUps: ['네, 그렇게 만들어 주세요', '좋아요, 초안을 만들어 주세요'],
  },
  {
    lang: 'en' as const,
    locale: 'en-US' as const,
    timezoneId: 'America/New_York',
    prompt: 'Every weekday at 7:30, check the weather in New York and tell me if I need an umbrella',
    followUps: ['Yes, please make it', 'Looks good, propose the draft'],
  },
];

describe.each(journeys)('by keyboard in $lang', ({ lang, locale, timezoneId, prompt, followUps }) => {
  const m = messagesFor(lang);

  it('designs, tests, saves and runs an agent, every page passing axe and fitting 360 px', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId });
    const found: Record<string, AxeViolation[]> = {};
    /** axe on the page as it is, then the same page 360 px wide: no sideways scrolling, a screenshot to look at. */
    const check = async (name: string) => {
      found[name] = await seriousViolations(page);
      const wide = page.viewportSize() ?? { width: 1280, height: 860 };
      await shot(page, `${lang}-a11y-${name}`);
      await page.setViewportSize({ width: 360, height: 780 });
      await page.waitForTimeout(150);
      expect({ page: name, overflow: Math.max(0, await overflowX(page)) }).toEqual({ page: name, overflow: 0 });
      await shot(page, `${lang}-a11y-${name}-360px`);
      await page.setViewportSize(wide);
    };
    try {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      await check('dashboard-empty');

      // The first Tab reaches "Skip to content", in the page's language; it moves focus to the content.
      await page.keyboard.press('Tab');
      await page.getByRole('link', { name: m.skipToContent }).waitFor();
      expect(await focusedText(page)).toContain(m.skipToContent);

      await tabTo(page, m.emptyCta);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: m.wsTitle }).waitFor();
      await check('workspace-new');

      // Typing and Enter in the message box, until the designer proposes a draft.
      await tabTo(page, m.composerPlaceholder);
      await page.keyboard.type(prompt);
      await page.keyboard.press('Enter');
      await replyDone(page);
      const draftName = page.locator('draft-card #draft-name');
      for (const next of followUps) {
        if (await draftName.isVisible()) break;
        await page.keyboard.type(next);
        await page.keyboard.press('Enter');
        await replyDone(page);
      }
      await draftName.waitFor({ timeout: 10_000 });
      const name = ((await draftName.textContent()) ?? '').trim();
      await check('workspace-draft');

      // Test run from the draft card, by Tab and Enter; its result shows in the chat.
      await tabTo(page, m.testRun);
      await page.keyboard.press('Enter');
      const testCard = page.locator('test-run-card').last();
      await testCard.locator('status-badge', { hasText: m.run_success }).waitFor({ timeout: 60_000 });
      await testCard.locator('markdown-view').waitFor();
      await check('workspace-test-run');

      await tabTo(page, m.save);
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === '/');
      await page.locator('agent-card', { hasText: name }).waitFor();
      await check('dashboard-agent');

      // Into the agent, Run now, and its result opens below.
      await tabTo(page, name);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await tabTo(page, m.runNow);
      await page.keyboard.press('Enter');
      const openRun = page.locator('run-history li').filter({ has: page.locator('button[aria-expanded="true"]') });
      await openRun.locator('status-badge', { hasText: m.run_success }).waitFor({ timeout: 60_000 });
      await openRun.locator('markdown-view').waitFor();
      const result = await openRun.locator('markdown-view').evaluate((el) => el.shadowRoot?.textContent ?? '');
      expect(result.trim().length).toBeGreaterThan(0);
      await check('agent-run');

      // The run's row closes and opens again from the keyboard.
      // (A finished run's row: no "…" where a waiting run shows its duration.)
      await tabTo(page, /^button \| {2}\| [^…]*› \|/);
      await page.keyboard.press('Enter');
      expect(await openRun.count()).toBe(0);
      await page.keyboard.press('Enter');
      await openRun.locator('markdown-view').waitFor();

      await tabTo(page, m.navUsage);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: m.usageTitle }).waitFor();
      expect(await page.title()).toBe(m.pageTitle(m.usageTitle));
      await page.locator('usage-page [aria-busy="true"]').waitFor({ state: 'detached' });
      await check('usage');

      // A conversation that does not exist says so (typed or pasted into a new tab). The first tab
      // closes first: the local stack's live feed holds one connection per query, and Chromium
      // allows six per host, so a second busy tab of the same profile would wait for a free one.
      await page.close();
      const tab = await context.newPage();
      await tab.goto(`${stack.url}/chat/no-such-conversation`);
      await tab.getByRole('heading', { name: m.conversationNotFound }).waitFor();
      found['chat-not-found'] = await seriousViolations(tab);
      await shot(tab, `${lang}-a11y-chat-not-found`);

      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
      expect(errors).toEqual([]);
    } catch (err) {
      await shot(page, `${lang}-a11y-failure`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});

/** Waits until the designer's turn is over: the composer's spinner comes and goes. */
async function replyDone(page: Page): Promise<void> {
  const spinner = page.locator('chat-composer .spinner');
  await spinner.waitFor({ state: 'attached', timeout: 5_000 }).catch(() => {});
  await spinner.waitFor({ state: 'detached', timeout: 60_000 });
}

function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.textContent ?? '';
  });
}
