import { messagesFor } from '@agent-platform/web/i18n';
import { scheduleInWords } from '@agent-platform/web/schedule-words';
import { browser, guestOf, newUser, send, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(180_000);

useBrowserStack();

const ko = messagesFor('ko');

it('changes an agent’s time through the designer and saves it over the same agent', async () => {
  const { context, page, errors } = await newUser(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: ko.emptyTitle }).waitFor();
    const guest = await guestOf(page);
    const name = '월요일 IT 뉴스 요약';
    const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
      name,
      finalAgentPrompt: '지난주 한국 IT 뉴스를 다섯 줄로 요약해 주세요.',
      schedule: { frequency: 'weekly', daysOfWeek: [1], time: '08:00', timezone: 'Asia/Seoul' },
      status: 'active',
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    // The agent's page leads to the designer for this agent.
    await page.goto(`${stack.url}/agents/${id}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('link', { name: ko.editWithDesigner }).click();
    await page.waitForURL((u) => u.pathname === `/agents/${id}/chat`);
    await page.getByRole('heading', { name: ko.editWithDesigner, level: 1 }).waitFor();
    // It says which agent it changes, links back to it, and suggests edits rather than new agents.
    await page.getByRole('link', { name: `← ${name}` }).waitFor();
    await page.getByRole('button', { name: ko.wsEditExamples[0] }).waitFor();
    expect(await page.getByRole('button', { name: ko.wsExamples[0] }).count()).toBe(0);
    // The draft starts as the agent is now; nothing to save before the first message.
    const draftCard = page.locator('draft-card');
    await draftCard.getByRole('heading', { name }).waitFor();
    expect(await draftCard.getByRole('button', { name: ko.saveChanges }).isDisabled()).toBe(true);
    await shot(page, 'ko-edit-01-designer');

    // One edit: the conversation gets its own URL and still knows the agent it changes.
    await send(page, '오전 9시로 바꿔줘', ko.composerLabel);
    expect(new URL(page.url()).pathname).toMatch(/^\/chat\/.+/);
    const nineAm = scheduleInWords(
      { frequency: 'weekly', daysOfWeek: [1], time: '09:00', timezone: 'Asia/Seoul' },
      'ko',
    );
    expect(nineAm).toContain('9:00');
    await draftCard.getByText(nineAm ?? '').waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: `← ${name}` }).waitFor();
    await shot(page, 'ko-edit-02-draft');

    // "Save changes" goes back to the same agent, updated, with a notice.
    await draftCard.getByRole('button', { name: ko.saveChanges }).click();
    await page.waitForURL((u) => u.pathname === `/agents/${id}`);
    await page.getByText(ko.agentUpdated(name)).waitFor();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const words = page.locator('agent-page .title p');
    await words.filter({ hasText: '9:00' }).waitFor();
    expect((await words.textContent())?.trim()).toBe(nineAm);
    await shot(page, 'ko-edit-03-agent-updated');

    const list = await stack.api(guest.idToken, 'GET', '/api/agents');
    expect(list.body.agents).toHaveLength(1);
    expect(list.body.agents[0]).toMatchObject({
      id,
      name,
      status: 'active',
      schedule: { frequency: 'weekly', daysOfWeek: [1], time: '09:00', timezone: 'Asia/Seoul' },
    });
    expect(errors).toEqual([]);
  } catch (err) {
    await shot(page, 'ko-edit-failure').catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
});
