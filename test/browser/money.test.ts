/**
 * Spend a person can see, through the whole local stack, in Korean at 360 px and
 * in English at desktop width: the Usage page in dollars with its daily chart and
 * rows that add up (an agent, a deleted agent by name, the designer), an agent's
 * own budget set on its page stopping its runs and saying so on the page, the
 * card and the dashboard, and the schedule editor's live estimate and warning.
 */
import { messagesFor } from '@agent-platform/web/i18n';
import type { Page } from 'playwright-core';
import { browser, guestOf, newUser, send, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(240_000);

useBrowserStack();

const cases = [
  { lang: 'en' as const, locale: 'en-US' as const, timezoneId: 'America/Los_Angeles', width: 1280 },
  { lang: 'ko' as const, locale: 'ko-KR' as const, timezoneId: 'Asia/Seoul', width: 360 },
];

/** The page fits its width: nothing to scroll sideways. */
async function fitsWidth(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** "$0.0123" or "$1,234.50" as dollars, as a reader adds them up. */
const dollars = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''));

describe.each(cases)('spend in $lang at $width px', ({ lang, locale, timezoneId, width }) => {
  const m = messagesFor(lang);

  it('shows where the money went, stops an agent at its own budget and says so, and warns about a costly schedule', async () => {
    const { context, page, errors } = await newUser(browser, { locale, timezoneId, width });
    try {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: m.emptyTitle }).waitFor();
      const guest = await guestOf(page);
      const create = async (name: string) => {
        const res = await stack.api(guest.idToken, 'POST', '/api/agents', {
          name,
          finalAgentPrompt: 'Check today’s prices and summarise them in three lines.',
          schedule: { frequency: 'weekly', daysOfWeek: [1], time: '08:00', timezone: timezoneId },
          status: 'active',
        });
        expect(res.status).toBe(201);
        const run = await stack.api(guest.idToken, 'POST', `/api/agents/${res.body.id}/run`);
        expect(run.status).toBe(202);
        return res.body.id as string;
      };
      const name = lang === 'ko' ? '주간 환율 요약' : 'Weekly prices';
      const gone = lang === 'ko' ? '옛 요약' : 'Old digest';
      const id = await create(name);
      const goneId = await create(gone);
      await stack.tasks.idle();
      expect((await stack.api(guest.idToken, 'DELETE', `/api/agents/${goneId}`)).status).toBe(204);
      // A designer turn: its cost has a row of its own.
      await page.goto(`${stack.url}/new`);
      await send(
        page,
        lang === 'ko' ? '매일 아침 환율을 알려줘' : 'Tell me the exchange rates every morning',
        m.composerLabel,
      );

      // The Usage page: dollars, the daily chart, and rows that add up to the total.
      await page.goto(`${stack.url}/usage`);
      const big = page.locator('usage-page .big');
      await big.waitFor();
      await page.locator('usage-chart .uplot canvas').first().waitFor();
      expect(await page.locator('usage-chart .u-legend .u-label').allTextContents()).toEqual([m.chartDay, m.cost]);
      const where = page.locator('usage-page [aria-labelledby="where-h"]');
      await where.getByRole('link', { name }).waitFor();
      await where.locator('tr.deleted', { hasText: gone }).locator('.chip', { hasText: m.usageDeleted }).waitFor();
      await where.locator('tr.designer', { hasText: m.usageDesigner }).waitFor();
      const rows = (await where.locator('tbody tr td.num:last-child').allTextContents()).map(dollars);
      const total = await where.locator('tfoot td.num').last().textContent();
      expect(total?.trim()).toBe((await big.textContent())?.trim());
      expect(dollars(total)).toBeGreaterThan(0);
      // To the cent: within half a cent of the total, whatever the rows' own rounding.
      expect(Math.abs(rows.reduce((a, b) => a + b, 0) - dollars(total))).toBeLessThan(0.005);
      expect(await where.locator('tr.other').count()).toBe(0);
      await fitsWidth(page, width);
      await shot(page, `${lang}-${width}-money-01-usage`);

      // The agent's own budget, set on its page; runs past it are refused and the page says so.
      await page.goto(`${stack.url}/agents/${id}`);
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      // A cent: less than one run's worst case, so the next run is refused before any model call.
      await page.getByLabel(m.agentBudget).fill('0.01');
      await page.getByRole('button', { name: m.agentBudgetSave }).click();
      await page.getByText(m.agentBudgetSaved).waitFor();
      expect((await stack.api(guest.idToken, 'GET', `/api/agents/${id}`)).body.monthlyBudgetUsd).toBe(0.01);
      let refused = 0;
      for (let attempt = 0; attempt < 5 && !refused; attempt++) {
        const run = await stack.api(guest.idToken, 'POST', `/api/agents/${id}/run`);
        if (run.status === 429) refused++;
        await stack.tasks.idle();
      }
      expect(refused).toBe(1);
      await page.locator('agent-page budget-stop', { hasText: m.blocked_agent_budget }).waitFor();

      // The estimate follows the schedule editor and warns past a fifth of the budget.
      const figure = page.locator('cost-estimate .figure');
      const weekly = (await figure.textContent())?.trim();
      expect(weekly).toMatch(/\$\d/);
      expect(await page.locator('budget-warning .warn').count()).toBe(0);
      await page.locator('schedule-picker #freq').selectOption('cron');
      await page.locator('schedule-picker #cron').fill('* * * * *');
      await page.locator('budget-warning .warn').waitFor();
      expect((await figure.textContent())?.trim()).not.toBe(weekly);
      await fitsWidth(page, width);
      await shot(page, `${lang}-${width}-money-02-agent`);

      // The dashboard: a banner naming the agent its own budget stopped, and its card.
      await page.goto(stack.url);
      await page.locator('budget-banner li.agent', { hasText: name }).waitFor();
      await page.locator('agent-card budget-stop', { hasText: m.blocked_agent_budget }).waitFor();
      await fitsWidth(page, width);
      await shot(page, `${lang}-${width}-money-03-dashboard`);
      expect(errors).toEqual([]);
    } catch (err) {
      await shot(page, `${lang}-${width}-money-failure`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});
