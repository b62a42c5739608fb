/**
 * After a reload in the middle of the designer's reply, the page knows the reply is
 * still being written: nothing can be sent, tested or saved until it is done (the
 * server would answer 409). The offline model is slowed so the reply outlasts the reload.
 */
import { messagesFor } from '@agent-platform/web/i18n';
import { browser, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(180_000);

useBrowserStack({ offlineChunkDelayMs: 150 });

const people = [
  {
    lang: 'ko' as const,
    locale: 'ko-KR' as const,
    timezoneId: 'Asia/Seoul',
    prompt: '매일 아침 8시에 한국 IT 뉴스를 요약해줘',
    next: '네, 그렇게 만들어 주세요',
  },
  {
    lang: 'en' as const,
    locale: 'en-US' as const,
    timezoneId: 'America/New_York',
    prompt: 'Every day at 8am, summarise the tech news',
    next: 'Yes, please make it',
  },
];

describe.each(people)('in $lang', (who) => {
  const m = messagesFor(who.lang);

  it('waits for a reply after a reload mid-reply before taking another message', async () => {
    const { context, page, errors } = await newUser(browser, who);
    try {
      await page.goto(`${stack.url}/new`);
      const box = page.getByRole('textbox', { name: m.composerLabel });
      await box.fill(who.prompt);
      await box.press('Enter');
      await page.waitForURL((u) => u.pathname.startsWith('/chat/'));
      await page.reload();
      const reply = page.locator('workspace-page chat-message:not([role-user])').last();
      await reply.waitFor();
      // Whenever the reply is still being written, nothing can be sent, tested or saved.
      let sawStreaming = false;
      for (;;) {
        const state = await page.evaluate(() => {
          const ws = document.querySelector('app-shell')?.shadowRoot?.querySelector('workspace-page')?.shadowRoot;
          const replies = Array.from(ws?.querySelectorAll('chat-message:not([role-user])') ?? []);
          const body = replies.at(-1)?.shadowRoot?.querySelector('.body');
          const composer = ws?.querySelector('chat-composer') as (Element & { busy?: boolean }) | null | undefined;
          const buttons = Array.from(ws?.querySelector('draft-card')?.shadowRoot?.querySelectorAll('button') ?? []);
          return {
            streaming: body?.getAttribute('aria-busy') === 'true',
            composerBusy: composer?.busy ?? false,
            draftButtonsEnabled: buttons.some((b) => !b.disabled),
          };
        });
        if (!state.streaming) break;
        sawStreaming = true;
        expect(state).toEqual({ streaming: true, composerBusy: true, draftButtonsEnabled: false });
        await page.waitForTimeout(100);
      }
      expect(sawStreaming).toBe(true);
      // Once it is done, the next message goes.
      await box.fill(who.next);
      expect(await page.getByRole('button', { name: m.send }).isDisabled()).toBe(false);
      expect(errors).toEqual([]);
    } catch (err) {
      await shot(page, `${who.lang}-reload-mid-reply-failure`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});
