/**
 * The first reply of a new conversation streams in. Its id reaches the page only
 * with the finished turn (`POST /api/chat`), so the page must find the
 * conversation through the live feed while the reply is still being written.
 * The offline model is slowed down so the first reply takes a few seconds.
 */

import { messagesFor } from '@agent-platform/web/i18n';
import type { Page } from 'playwright-core';
import { browser, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(120_000);

useBrowserStack({ offlineChunkDelayMs: 60 });

/** The text of the designer's replies on the page (through the components' shadow roots). */
function replyText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const ws = document.querySelector('app-shell')?.shadowRoot?.querySelector('workspace-page');
    const messages = Array.from(ws?.shadowRoot?.querySelectorAll('chat-message:not([role-user])') ?? []);
    return messages
      .flatMap((m) => Array.from(m.shadowRoot?.querySelectorAll('markdown-view') ?? []))
      .map((v) => v.shadowRoot?.textContent ?? '')
      .join('')
      .trim();
  });
}

/** How many messages the workspace shows, user's and designer's. */
function messageCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document
        .querySelector('app-shell')
        ?.shadowRoot?.querySelector('workspace-page')
        ?.shadowRoot?.querySelectorAll('chat-message').length ?? 0,
  );
}

describe('the first message of a new conversation', () => {
  const m = messagesFor('en');

  it('shows the reply growing before the chat request has answered', async () => {
    const { context, page, errors } = await newUser(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
    try {
      await page.goto(`${stack.url}/new`);
      await page.getByRole('heading', { name: m.wsTitle }).waitFor();

      let respondedAt = 0;
      const response = page
        .waitForResponse((r) => new URL(r.url()).pathname === '/api/chat' && r.request().method() === 'POST', {
          timeout: 60_000,
        })
        .then((r) => {
          respondedAt = Date.now();
          return r;
        });
      let firstText = '';
      let firstTextAt = 0;
      const firstSeen = (async () => {
        // Poll the page for the first words of the reply (or until the turn is over without them).
        while (!respondedAt) {
          const text = await replyText(page);
          if (text) {
            firstText = text;
            firstTextAt = Date.now();
            await shot(page, 'en-first-reply-streaming');
            return;
          }
          await page.waitForTimeout(50);
        }
      })();

      const box = page.getByRole('textbox', { name: m.composerLabel });
      await box.fill('Every Monday at 8am London time, summarise the week’s tech news');
      const sentAt = Date.now();
      await box.press('Enter');
      const [res] = await Promise.all([response, firstSeen]);
      expect(res.status()).toBe(200);
      const turn = (await res.json()) as { conversationId: string };

      // The reply took a while, and its first words were on screen well before the request answered.
      expect(respondedAt - sentAt).toBeGreaterThan(1_500);
      expect(firstTextAt).toBeGreaterThan(0);
      expect(respondedAt - firstTextAt).toBeGreaterThan(500);

      // The finished reply is longer than what was first seen: it grew in place.
      await page.locator('chat-composer .spinner').waitFor({ state: 'detached', timeout: 30_000 });
      const finalText = await replyText(page);
      expect(finalText.length).toBeGreaterThan(firstText.length);
      await shot(page, 'en-first-reply-streamed');

      // One conversation, shown once: the URL is the one the request named, one message each.
      expect(new URL(page.url()).pathname).toBe(`/chat/${turn.conversationId}`);
      expect(await messageCount(page)).toBe(2);
      expect(errors).toEqual([]);
    } catch (err) {
      await shot(page, 'en-first-reply-failure').catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});
