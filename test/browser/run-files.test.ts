import { messagesFor } from '@agent-platform/web/i18n';
import { browser, guestOf, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(180_000);

// A workspace run holds its whole worst case (about $1.20 for five minutes), more than a guest's default $0.50.
useBrowserStack({ env: { GUEST_MONTHLY_BUDGET_USD: '100' } });

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
    const img = page.getByRole('img', { name: ko.fileImageAlt('chart.svg') });
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
      page.getByRole('button', { name: ko.fileDownload('chart.svg') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('chart.svg');
    // Still on the agent's page: the file was handed over, never opened.
    expect(new URL(page.url()).pathname).toBe(`/agents/${created.body.id}`);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
