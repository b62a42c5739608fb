/**
 * The library of work in the browser, in Korean and in English: templates start
 * the designer, the conversations list continues one, an agent is duplicated and
 * its versions are shown and restored, the dashboard's latest results are marked
 * new until seen and can be copied and downloaded, and the run history pages and
 * searches. Every page is also looked at 360 px wide.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messagesFor } from '@agent-platform/web/i18n';
import { libraryMessagesFor } from '@agent-platform/web/library-i18n';
import type { Page } from 'playwright-core';
import { browser, guestOf, newUser, SCREENSHOTS, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(240_000);

useBrowserStack();

const LOCALES = [
  { lang: 'ko', locale: 'ko-KR', timezoneId: 'Asia/Seoul' },
  { lang: 'en', locale: 'en-US', timezoneId: 'America/New_York' },
] as const;

/** Finished runs of an agent written straight into the store: one a minute going back from `start`. */
async function storeRuns(uid: string, agentId: string, count: number, result: (i: number) => string) {
  const start = Date.parse('2026-11-20T12:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const at = new Date(start - i * 60_000).toISOString();
    await stack.store.create(`executions/${agentId}-run-${String(i).padStart(3, '0')}`, {
      userId: uid,
      agentId,
      trigger: 'manual',
      scheduledFor: at,
      startTime: at,
      endTime: at,
      status: 'success',
      result: result(i),
      error: null,
      events: [],
      tokenUsage: { input: 100, output: 50, cacheRead: 0, cacheWrite: 0, webSearches: 0 },
      costUsd: 0.001,
      model: 'claude-sonnet-5-5',
      attempt: 1,
      skippedRuns: 0,
      draft: null,
      conversationId: null,
      leaseId: null,
      leaseUntil: null,
      staleAfter: null,
      requeues: 0,
      createdAt: at,
    });
  }
}

/** The page scrolls sideways only if something is wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe.each(LOCALES)('in $lang', ({ lang, locale, timezoneId }) => {
  const m = messagesFor(lang);
  const l = libraryMessagesFor(lang);

  it('starts the designer from a template, lists the draft in the library and continues it from there', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId });
    try {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: l.navTemplates }).click();
      await page.getByRole('heading', { name: l.templatesTitle, level: 1 }).waitFor();
      const cards = page.locator('templates-page li.card');
      await cards.first().waitFor();
      expect(await cards.count()).toBeGreaterThanOrEqual(10);
      const title = lang === 'ko' ? '주간 증시 요약' : 'Weekly market summary';
      await shot(page, `${lang}-library-01-templates`);

      await page
        .getByRole('button', { name: l.useTemplate })
        .and(page.locator(`[aria-describedby="tpl-weekly-stock-summary"]`))
        .click();
      await page.waitForURL((u) => u.pathname.startsWith('/chat/'));
      const conversationPath = new URL(page.url()).pathname;
      // The designer opens with the template as its draft, its schedule in the browser's zone.
      const draftCard = page.locator('draft-card');
      await draftCard.getByRole('heading', { name: title }).waitFor();
      await shot(page, `${lang}-library-02-designer-from-template`);
      const guest = await guestOf(page);
      const conversation = await stack.api(
        guest.idToken,
        'GET',
        `/api/conversations/${conversationPath.split('/')[2]}`,
      );
      expect(conversation.body.draft.schedule.timezone).toBe(timezoneId);

      // The library lists it as an unsaved draft; opening it continues the same conversation.
      await page.getByRole('navigation').getByRole('link', { name: l.navLibrary }).click();
      await page.getByRole('heading', { name: l.libraryTitle, level: 1 }).waitFor();
      const row = page.getByRole('link', { name: new RegExp(title) });
      await row.waitFor();
      await row.getByText(l.kindDraft).waitFor();
      await page.getByRole('button', { name: l.filterDrafts }).click();
      await row.waitFor();
      await shot(page, `${lang}-library-03-conversations`);
      await row.click();
      await page.waitForURL((u) => u.pathname === conversationPath);
      await draftCard.getByRole('heading', { name: title }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('duplicates an agent and shows its versions with what changed, and restores one', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId });
    try {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      const guest = await guestOf(page);
      const name = lang === 'ko' ? '아침 뉴스 요약' : 'Morning news';
      const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
        name,
        finalAgentPrompt: 'Line one.\nLine two.\nLine three.',
        schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' },
      });
      const id: string = created.body.id;
      const patched = await stack.api(guest.idToken, 'PATCH', `/api/agents/${id}`, {
        finalAgentPrompt: 'Line one.\nLine 2, changed.\nLine three.',
        schedule: { frequency: 'daily', time: '09:30', timezone: 'Asia/Seoul' },
      });
      expect(patched.status).toBe(200);

      await page.goto(`${stack.url}/agents/${id}`);
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await page.getByRole('button', { name: l.showVersions }).click();
      const history = page.locator('agent-versions');
      await history.getByRole('heading', { name: l.version(2) }).waitFor();
      await history.getByRole('heading', { name: l.version(1) }).waitFor();
      // What changed, in words: the prompt's line removed and added, the schedule before and after.
      await history.getByText('− Line two.').waitFor();
      await history.getByText('+ Line 2, changed.').waitFor();
      await history.getByText(l.field_schedule).first().waitFor();
      expect(await history.locator('del').first().textContent()).toContain('8:00');
      expect(await history.locator('ins').first().textContent()).toContain('9:30');
      await shot(page, `${lang}-library-04-versions`);

      await history.getByRole('button', { name: `${l.restore} · ${l.version(1)}` }).click();
      await history.getByRole('dialog').getByRole('button', { name: l.restore }).click();
      await page.getByText(l.restored(1)).waitFor();
      await history.getByRole('heading', { name: l.version(3) }).waitFor();
      await history.getByText(l.restoredFrom(1)).waitFor();
      const after = await stack.api(guest.idToken, 'GET', `/api/agents/${id}`);
      expect(after.body.finalAgentPrompt).toBe('Line one.\nLine two.\nLine three.');

      await page.getByRole('button', { name: l.duplicate }).click();
      const copyName = `${name} ${lang === 'ko' ? '(사본)' : '(copy)'}`;
      await page.getByRole('heading', { name: copyName, level: 1 }).waitFor();
      await page.getByText(l.duplicated(copyName)).waitFor();
      await shot(page, `${lang}-library-05-duplicate`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('marks the latest results new until seen, copies and downloads one, and pages and searches the run history', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    try {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      const guest = await guestOf(page);
      const name = lang === 'ko' ? '환율 확인' : 'Exchange rates';
      const id: string = (await stack.api(guest.idToken, 'POST', '/api/agents', { name, finalAgentPrompt: 'Rates.' }))
        .body.id;
      const needle = lang === 'ko' ? '엔화 급등' : 'yen surge';
      await storeRuns(guest.uid, id, 45, (i) =>
        i === 40 ? `## Rates ${i}\n\nToday: ${needle}.` : `## Rates ${i}\n\nNothing new, **steady**.`,
      );

      await page.reload();
      const latest = page.locator('latest-results');
      await latest.getByRole('heading', { name: l.latestTitle }).waitFor();
      const items = latest.locator('li');
      await items.first().waitFor();
      expect(await latest.getByText(l.newBadge, { exact: true }).count()).toBe(await items.count());
      await shot(page, `${lang}-library-06-latest-results`);

      // Opening the newest one shows it and marks it seen, for good (the server keeps it).
      const first = items.first();
      await first.getByRole('button', { name: l.showResult }).click();
      await first.locator('markdown-view').getByRole('heading', { name: 'Rates 0' }).waitFor();
      expect(await first.getByText(l.newBadge, { exact: true }).count()).toBe(0);
      await first.getByRole('button', { name: l.copyMarkdown }).click();
      await page.getByText(l.copied).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain(`# ${name}`);
      expect(copied).toContain('## Rates 0');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        first.getByRole('button', { name: l.download }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.md$/);
      expect(readFileSync((await download.path()) as string, 'utf8')).toContain('## Rates 0');
      await page.reload();
      await latest.locator('li').first().waitFor();
      expect(await latest.locator('li').first().getByText(l.newBadge, { exact: true }).count()).toBe(0);
      expect(await latest.getByText(l.newBadge, { exact: true }).count()).toBeGreaterThan(0);
      await latest.getByRole('button', { name: l.markAllSeen }).click();
      await expect_(async () => expect(await latest.getByText(l.newBadge, { exact: true }).count()).toBe(0));

      // The run history: thirty live, older ones a page at a time, and search over all of them.
      await page.goto(`${stack.url}/agents/${id}`);
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      const rows = page.locator('run-history-browser run-history li');
      await expect_(async () => expect(await rows.count()).toBe(30));
      await page.getByRole('button', { name: l.loadOlder }).click();
      await expect_(async () => expect(await rows.count()).toBe(45));
      expect(await page.getByRole('button', { name: l.loadOlder }).count()).toBe(0);
      await page.getByRole('searchbox', { name: l.searchRuns }).fill(needle);
      await page.getByRole('button', { name: l.search, exact: true }).click();
      await page.getByText(l.matchesFor(needle)).waitFor();
      await expect_(async () => expect(await rows.count()).toBe(1));
      await rows.first().getByRole('button').click();
      await rows.first().getByText(needle).waitFor();
      await shot(page, `${lang}-library-07-run-search`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits every library page at 360 px', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId, width: 360, height: 780 });
    try {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      const guest = await guestOf(page);
      const name = lang === 'ko' ? '매주 월요일 IT 뉴스 요약 에이전트' : 'Monday technology news digest agent';
      const id: string = (
        await stack.api(guest.idToken, 'POST', '/api/agents', {
          name,
          finalAgentPrompt: 'One.\nTwo.',
          schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: timezoneId },
        })
      ).body.id;
      await stack.api(guest.idToken, 'PATCH', `/api/agents/${id}`, {
        finalAgentPrompt: 'One.\nTwo, longer this time.',
        tools: ['web_search'],
      });
      await storeRuns(guest.uid, id, 3, (i) => `## Result ${i}\n\n| a | b |\n|---|---|\n| ${'wide '.repeat(20)} | x |`);
      await stack.api(guest.idToken, 'POST', '/api/conversations', { templateId: 'daily-news-brief', locale: lang });

      await page.reload();
      await page.locator('latest-results li').first().waitFor();
      await expectNoSidewaysScroll(page);
      await shot(page, `${lang}-library-360-dashboard`);
      await page.locator('latest-results').screenshot({ path: join(SCREENSHOTS, `${lang}-library-360-latest.png`) });

      await page.goto(`${stack.url}/templates`);
      await page.locator('templates-page li.card').first().waitFor();
      await expectNoSidewaysScroll(page);
      await shot(page, `${lang}-library-360-templates`);

      await page.goto(`${stack.url}/conversations`);
      await page.locator('library-page a.row').first().waitFor();
      await expectNoSidewaysScroll(page);
      await shot(page, `${lang}-library-360-conversations`);

      await page.goto(`${stack.url}/agents/${id}`);
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await page.getByRole('button', { name: l.showVersions }).click();
      await page
        .locator('agent-versions')
        .getByRole('heading', { name: l.version(2) })
        .waitFor();
      await expectNoSidewaysScroll(page);
      await shot(page, `${lang}-library-360-agent`);
      await page.locator('agent-versions').screenshot({ path: join(SCREENSHOTS, `${lang}-library-360-versions.png`) });
      await page.locator('run-history-browser').screenshot({ path: join(SCREENSHOTS, `${lang}-library-360-runs.png`) });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Retries an assertion until it passes or five seconds go by (live views catch up). */
async function expect_(check: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
