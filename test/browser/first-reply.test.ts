/**
 * The first reply of a new conversation streams in. `POST /api/chat` with
 * `Prefer: respond-async` answers as soon as the message is stored (a Hosting
 * rewrite would cut a longer answer at 60 s), so the page moves to the new
 * conversation at once and watches the reply grow through the live feed.
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

  it('moves to the new conversation at once and shows the reply growing there', async () => {
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

      const box = page.getByRole('textbox', { name: m.composerLabel });
      await box.fill('Every Monday at 8am London time, summarise the week’s tech news');
      const sentAt = Date.now();
      await box.press('Enter');
      const res = await response;
      expect(res.status()).toBe(202);
      const turn = (await res.json()) as { conversationId: string; messageId: string };

      // The page is in the new conversation before the designer has finished a word of it.
      await page.waitForURL(`**/chat/${turn.conversationId}`, { timeout: 10_000 });
      let firstText = '';
      while (!firstText) {
        firstText = await replyText(page);
        if (!firstText) await page.waitForTimeout(50);
      }
      const firstTextAt = Date.now();
      await shot(page, 'en-first-reply-streaming');
      expect(await page.locator('chat-composer .spinner').count()).toBe(1);

      // The finished reply is longer than what was first seen: it grew in place.
      await page.locator('chat-composer .spinner').waitFor({ state: 'detached', timeout: 30_000 });
      const doneAt = Date.now();
      const finalText = await replyText(page);
      expect(finalText.length).toBeGreaterThan(firstText.length);
      await shot(page, 'en-first-reply-streamed');

      // The request answered long before the reply was done; the reply took a while to write.
      expect(doneAt - respondedAt).toBeGreaterThan(1_000);
      expect(doneAt - firstTextAt).toBeGreaterThan(500);
      expect(respondedAt - sentAt).toBeLessThan(doneAt - sentAt);

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
