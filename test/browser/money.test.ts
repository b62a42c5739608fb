/**
 * Spend a person can see, in Korean and English, at desktop width and at 360 px:
 * the Usage page in dollars with its daily chart and rows that add up, the
 * schedule editor's live monthly estimate and its warning, and the word that a
 * budget stopped runs. `GET /api/usage` is answered with the breakdown of
 * docs/api.md ("Usage"): the stack's own answer with the breakdown laid over it
 * (the server's breakdown is built separately). `blockedBy` is written into the
 * agent's document, as the run worker does when it refuses a run.
 */
import { messagesFor } from '@agent-platform/web/i18n';
import type { Page } from 'playwright-core';
import { browser, guestOf, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(180_000);

useBrowserStack();

const cases = [
  { lang: 'en' as const, locale: 'en-US' as const, timezoneId: 'America/Los_Angeles', width: 1280 },
  { lang: 'ko' as const, locale: 'ko-KR' as const, timezoneId: 'Asia/Seoul', width: 360 },
];

/** Answers `GET /api/usage` with the stack's own figures and the breakdown: two agents, a deleted one, the designer. */
async function withBreakdown(page: Page, agentId: string, name: string): Promise<void> {
  await page.route('**/api/usage', async (route) => {
    const real = await route.fetch();
    const body = await real.json();
    const month: string = body.month;
    await route.fulfill({
      response: real,
      json: {
        ...body,
        costUsd: 1.25,
        budget: { usd: 5, remainingUsd: 3.69, reservedUsd: 0.06, kind: 'guest', tokens: null, remaining: null },
        platform: { usd: 500, remainingUsd: 412.5 },
        byAgent: [
          { agentId, name, deleted: false, costUsd: 0.9, tokens: 31_000, runs: 12 },
          { agentId: 'gone', name: 'Old digest · 옛 요약', deleted: true, costUsd: 0.31, tokens: 4_100, runs: 3 },
        ],
        designer: { costUsd: 0.04, tokens: 6_400, turns: 3 },
        daily: Array.from({ length: 12 }, (_, i) => ({
          date: `${month}-${String(i + 1).padStart(2, '0')}`,
          costUsd: [0.02, 0.1, 0.05, 0, 0.21, 0.12, 0.08, 0.15, 0.09, 0.2, 0.13, 0.1][i],
        })),
      },
    });
  });
}

/** The page fits its width: nothing to scroll sideways. */
async function fitsWidth(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

describe.each(cases)('spend in $lang at $width px', ({ lang, locale, timezoneId, width }) => {
  const m = messagesFor(lang);

  it('shows where the money went, the estimate live with its warning, and which budget stopped runs', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId, width });
    try {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      const guest = await guestOf(page);
      const name = lang === 'ko' ? '주간 환율 요약' : 'Weekly prices';
      const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
        name,
        finalAgentPrompt: 'Check today’s prices and summarise them in three lines.',
        tools: ['web_search'],
        schedule: { frequency: 'weekly', daysOfWeek: [1], time: '08:00', timezone: timezoneId },
        status: 'active',
      });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      await withBreakdown(page, id, name);

      // A run refused by the person's budget: the dashboard's banner and the agent's card say so.
      await stack.store.update(`agents/${id}`, { blockedBy: 'user_budget' });
      await page.goto(stack.url);
      const banner = page.locator('budget-banner li');
      await banner.waitFor();
      expect(await banner.textContent()).toContain(m.bannerUserBudget('').split('.')[0]!.slice(0, 12));
      await page.locator('agent-card budget-stop', { hasText: m.blocked_user_budget }).waitFor();
      await fitsWidth(page, width);
      await shot(page, `${lang}-${width}-money-01-dashboard`);

      // The agent page: the stop, and the estimate following the schedule editor.
      await page.goto(`${stack.url}/agents/${id}`);
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await page.locator('agent-page > budget-stop, agent-page budget-stop').first().waitFor();
      const figure = page.locator('cost-estimate .figure');
      await figure.waitFor();
      const weekly = (await figure.textContent())?.trim() ?? '';
      expect(weekly).toMatch(/\$\d/);
      expect(await page.locator('budget-warning .warn').count()).toBe(0);
      await page.locator('schedule-picker #freq').selectOption('cron');
      await page.locator('schedule-picker #cron').fill('* * * * *');
      await page.locator('budget-warning .warn').waitFor();
      expect((await figure.textContent())?.trim()).not.toBe(weekly);
      await page.locator('agent-budget input').waitFor();
      await page.locator('budget-warning .warn').scrollIntoViewIfNeeded();
      await fitsWidth(page, width);
      await shot(page, `${lang}-${width}-money-02-agent-estimate`);

      // The Usage page: dollars, the daily chart, and rows that add up to the total.
      await page.goto(`${stack.url}/usage`);
      await page.locator('usage-page .big').waitFor();
      expect((await page.locator('usage-page .big').textContent())?.trim()).toBe('$1.25');
      await page.locator('usage-chart .uplot canvas').first().waitFor();
      const legend = await page.locator('usage-chart .u-legend .u-label').allTextContents();
      expect(legend).toEqual([m.chartDay, m.cost]);
      const rows = page.locator('usage-page [aria-labelledby="where-h"] tbody tr');
      expect(await rows.count()).toBe(3);
      await page.locator('usage-page tr.deleted', { hasText: m.usageDeleted }).waitFor();
      await page.locator('usage-page tr.designer', { hasText: m.usageDesigner }).waitFor();
      expect((await page.locator('usage-page tfoot td.num').last().textContent())?.trim()).toBe('$1.25');
      expect(await page.locator('usage-page .platform').textContent()).toContain('$412.50');
      await fitsWidth(page, width);
      await shot(page, `${lang}-${width}-money-03-usage`);
      expect(errors).toEqual([]);
    } catch (err) {
      await shot(page, `${lang}-${width}-money-failure`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});
