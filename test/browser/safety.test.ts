import { LocalAuth } from '@agent-platform/local';
import { messagesFor } from '@agent-platform/web/i18n';
import { browser, guestOf, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(120_000);

useBrowserStack();

const ko = messagesFor('ko');
const en = messagesFor('en');

it('does not send while a Korean IME is composing, and sends once the syllable is committed', async () => {
  const { context, page } = await newUser(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  try {
    await page.goto(`${stack.url}/new`);
    const box = page.getByRole('textbox', { name: ko.composerLabel });
    await box.click();
    await box.pressSequentially('안녕하세요 뉴스 요약');
    const cdp = await context.newCDPSession(page);
    // A syllable still being composed ("요" → "용"…), as a Korean IME leaves it before Enter commits it.
    await cdp.send('Input.imeSetComposition', { text: '해', selectionStart: 1, selectionEnd: 1 });
    // The Enter that commits the syllable: Chromium reports it as keyCode 229 while composing.
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'rawKeyDown',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 229,
      nativeVirtualKeyCode: 229,
    });
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyUp',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 229,
      nativeVirtualKeyCode: 229,
    });
    await cdp.send('Input.insertText', { text: '해' });
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/new');
    expect(await page.locator('chat-message').count()).toBe(0);
    expect(await box.inputValue()).toBe('안녕하세요 뉴스 요약해');

    // A plain Enter after composition ends sends the whole text.
    await box.press('Enter');
    await page.locator('chat-message', { hasText: '안녕하세요 뉴스 요약해' }).first().waitFor();
    expect(await box.inputValue()).toBe('');
  } finally {
    await context.close();
  }
});

it('shows an agent name and a model result containing HTML as text, never as markup', async () => {
  const { context, page, errors } = await newUser(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: en.emptyTitle }).waitFor();
    const guest = await guestOf(page);
    const evilName = '<img src=x onerror="window.__pwned=1"><b>Bold</b>';
    const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
      name: evilName,
      finalAgentPrompt: 'Say hello',
    });
    expect(created.status).toBe(201);
    const agentId = created.body.id as string;
    // A finished run whose result (model output) carries script and event-handler HTML.
    const now = new Date().toISOString();
    await stack.store.set(`executions/xss-${agentId}`, {
      userId: guest.uid,
      agentId,
      trigger: 'manual',
      scheduledFor: now,
      startTime: now,
      endTime: now,
      status: 'success',
      result:
        '## Report\n\n**safe bold** and <b>not bold</b> <img src=x onerror="window.__pwned=3">\n\n<script>window.__pwned=2</script>\n\n[link](javascript:window.__pwned=4)',
      error: null,
      events: [],
      tokenUsage: { input: 10, output: 20 },
      costUsd: 0.001,
      model: 'claude-sonnet-5-5',
    });

    const card = page.locator('agent-card').first();
    await card.waitFor();
    expect(await card.locator('h2').textContent()).toBe(evilName);
    await card.locator('a').click();
    await page.locator('h1', { hasText: 'Bold' }).waitFor();
    expect(await page.locator('h1').first().textContent()).toBe(evilName);
    const result = page.locator('run-history li').first().locator('markdown-view');
    await result.waitFor();
    await result.locator('strong', { hasText: 'safe bold' }).waitFor({ timeout: 5000 });
    // HTML the model wrote shows as the characters it is; markdown still formats.
    await result.getByText('<b>not bold</b>', { exact: false }).waitFor();
    expect(await result.locator('b, img, script, [onerror]').count()).toBe(0);
    expect(await result.locator('a').getAttribute('href')).toBeNull();
    await page
      .locator('a', { hasText: 'link' })
      .first()
      .click()
      .catch(() => {});
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await shot(page, 'en-html-as-text');
    expect(errors.filter((e) => !e.includes('ERR_') && !e.includes('404'))).toEqual([]);
  } finally {
    await context.close();
  }
});

it('never shows another guest’s agent, on the dashboard or by its address', async () => {
  const other = await stack.guest();
  const theirs = await stack.api(other.idToken, 'POST', '/api/agents', {
    name: 'Someone else’s secret agent',
    finalAgentPrompt: 'x',
  });
  expect(theirs.status).toBe(201);

  const { context, page } = await newUser(browser, { locale: 'en-US', timezoneId: 'UTC' });
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: en.emptyTitle }).waitFor();
    expect(await page.locator('agent-card').count()).toBe(0);
    expect(await page.getByText('secret agent').count()).toBe(0);

    await page.goto(`${stack.url}/agents/${theirs.body.id}`);
    await page.getByRole('heading', { name: en.notFound }).waitFor();
    expect(await page.getByText('secret agent').count()).toBe(0);
  } finally {
    await context.close();
  }
});

it('a guest whose ID token expired while away gets the same dashboard back with a refreshed token', async () => {
  // A guest who signed up on this install two hours ago: the ID token the page kept expired an hour ago.
  const earlier = new LocalAuth(stack.dataDir, { now: () => Date.now() - 2 * 3600_000 });
  const guest = earlier.issueGuest();
  const fresh = stack.auth.refresh(guest.refreshToken);
  const made = await stack.api(fresh?.idToken, 'POST', '/api/agents', {
    name: 'Morning digest',
    finalAgentPrompt: 'x',
  });
  expect(made.status).toBe(201);

  const { context, page } = await newUser(browser, { locale: 'en-US', timezoneId: 'UTC' });
  try {
    // The page kept the old token and believes it fresh, so it uses it: only the stack's 401s tell it otherwise.
    const kept = JSON.stringify({ ...guest, expiresAt: Date.now() + 3600_000 });
    await context.addInitScript((g) => localStorage.setItem('ap.guest', g), kept);
    await page.goto(stack.url);
    // The live feed is refused (401) and opened again with a fresh token: the guest's agent shows.
    await page.locator('agent-card').getByText('Morning digest').waitFor();
    const after = await guestOf(page);
    expect(after.uid).toBe(guest.uid);
    expect(after.idToken).not.toBe(guest.idToken);
    expect((await stack.api(after.idToken, 'GET', '/api/agents')).status).toBe(200);
  } finally {
    await context.close();
  }
});
