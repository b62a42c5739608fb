import { messagesFor } from '@agent-platform/web/i18n';
import { browser, guestOf, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(180_000);

useBrowserStack();

const ko = messagesFor('ko');

it('shows the newest agents first and the rest on "show more", each once', async () => {
  const { context, page, errors } = await newUser(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: ko.emptyTitle }).waitFor();
    const guest = await guestOf(page);
    const names = Array.from({ length: 30 }, (_, i) => `에이전트 ${String(i + 1).padStart(2, '0')}`);
    for (const name of names) {
      const res = await stack.api(guest.idToken, 'POST', '/api/agents', { name, finalAgentPrompt: '요약해 주세요.' });
      expect(res.status).toBe(201);
    }
    const cards = page.locator('dashboard-page agent-card');
    await page.getByRole('button', { name: ko.showMoreAgents }).waitFor();
    expect(await cards.count()).toBe(24);
    // Newest first: the last one made leads, the first six wait behind the button.
    await cards
      .first()
      .getByText(names[29] as string)
      .waitFor();
    expect(await page.getByText(names[0] as string, { exact: true }).count()).toBe(0);
    await shot(page, 'ko-dashboard-01-first-page');

    await page.getByRole('button', { name: ko.showMoreAgents }).click();
    await page.getByText(names[0] as string, { exact: true }).waitFor();
    expect(await cards.count()).toBe(30);
    expect(await page.getByRole('button', { name: ko.showMoreAgents }).count()).toBe(0);
    const shown = await cards.evaluateAll((els) =>
      els.map((el) => el.shadowRoot?.querySelector('h3, h2')?.textContent?.trim() ?? ''),
    );
    expect(new Set(shown).size).toBe(30);
    await shot(page, 'ko-dashboard-02-all');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
