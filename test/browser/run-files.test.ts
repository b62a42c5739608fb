import { messagesFor } from '@agent-platform/web/i18n';
import { browser, guestOf, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(180_000);

useBrowserStack();

const ko = messagesFor('ko');

it('shows the chart a workspace run made inline and downloads its file, in Korean', async () => {
  const { context, page, errors } = await newUser(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: ko.emptyTitle }).waitFor();
    const guest = await guestOf(page);
    const name = '월별 매출 차트';
    const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
      name,
      finalAgentPrompt: '월별 매출 차트를 그려서 파일로 저장해 주세요.',
      engine: 'workspace',
    });
    expect(created.status).toBe(201);
    const run = await stack.api(guest.idToken, 'POST', `/api/agents/${created.body.id}/run`);
    expect(run.status).toBe(202);
    await stack.tasks.idle();

    await page.goto(`${stack.url}/agents/${created.body.id}`);
    // The newest run opens by itself.
    const img = page.getByRole('img', { name: ko.fileImageAlt('차트.svg') });
    await img.waitFor();
    // The image really drew: its own bytes, fetched with the person's token.
    await page.waitForFunction(
      () => {
        // Through every shadow root: the image sits in run-files, in run-history, in the page.
        const find = (root: Document | ShadowRoot): HTMLImageElement | null => {
          for (const el of Array.from(root.querySelectorAll('*'))) {
            if (el instanceof HTMLImageElement && el.closest('ul')) return el;
            const inner = el.shadowRoot ? find(el.shadowRoot) : null;
            if (inner) return inner;
          }
          return null;
        };
        const img = find(document);
        return img?.complete && img.naturalWidth > 0;
      },
      undefined,
      { timeout: 10_000 },
    );
    await shot(page, 'ko-run-files');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: ko.fileDownload('차트.svg') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('차트.svg');
    // Still on the agent's page: the file was handed over, never opened.
    expect(new URL(page.url()).pathname).toBe(`/agents/${created.body.id}`);

    // The run's own page (where every delivery links) shows its files and its log too.
    await page.goto(`${stack.url}/runs/${run.body.executionId}`);
    await page.getByRole('heading', { name: ko.files, exact: true }).waitFor();
    await page.getByRole('img', { name: ko.fileImageAlt('차트.svg') }).waitFor();
    await page.getByRole('heading', { name: ko.log, exact: true }).waitFor();
    await page.locator('run-log li').first().waitFor();
    await shot(page, 'ko-run-page-files');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

const en = messagesFor('en');

it('switches an agent to the workspace engine on its page, with the dearer estimate shown before saving', async () => {
  const { context, page, errors } = await newUser(browser, { locale: 'en-US', timezoneId: 'UTC' });
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: en.emptyTitle }).waitFor();
    const guest = await guestOf(page);
    const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
      name: 'Sales report',
      finalAgentPrompt: 'Summarise last month’s sales.',
      schedule: { frequency: 'daily', time: '09:00', timezone: 'UTC' },
      status: 'active',
    });
    expect(created.status).toBe(201);
    await page.goto(`${stack.url}/agents/${created.body.id}`);

    const conversation = page.getByRole('radio', { name: en.engine_messages });
    const workspace = page.getByRole('radio', { name: en.engine_workspace });
    await conversation.waitFor();
    expect(await conversation.isChecked()).toBe(true);
    const estimate = page.locator('cost-estimate .figure');
    const before = await estimate.innerText();
    await workspace.check();
    // The estimate follows the choice before anything is saved: a workspace run costs more.
    for (let i = 0; i < 50 && (await estimate.innerText()) === before; i++) await page.waitForTimeout(100);
    const dollars = (s: string) => Number(/\$([\d.,]+)/.exec(s)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    expect(dollars(await estimate.innerText())).toBeGreaterThan(dollars(before));
    await shot(page, 'en-engine-choice');

    await page.getByRole('button', { name: en.saveChanges }).click();
    await page.getByText(en.changesSaved).waitFor();
    const saved = await stack.api(guest.idToken, 'GET', `/api/agents/${created.body.id}`);
    expect(saved.body.engine).toBe('workspace');
    await page.getByText(`· ${en.engine_workspace}`).first().waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
