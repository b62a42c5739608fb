/**
 * Deliveries in the web app, in Korean on a 360 px phone: an agent's page adds a
 * Slack webhook, "send a test" reaches the receiver, a run's end reaches it
 * too, and the run's own page (the link every delivery carries) shows where the
 * result went and that it was sent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliveryMessagesFor } from '@agent-platform/web/deliveries-i18n';
import { messagesFor } from '@agent-platform/web/i18n';
import { browser, guestOf, newUser, shot, stack, useBrowserStack } from './browser';

jest.setTimeout(180_000);

useBrowserStack();

const ko = messagesFor('ko');
const kd = deliveryMessagesFor('ko');

it('adds a Slack webhook, sends a test, and shows each run’s deliveries on its page', async () => {
  const bodies: { text?: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.writeHead(200);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack`;
  const { context, page, errors } = await newUser(browser, {
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    width: 360,
    height: 780,
  });
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { name: ko.emptyTitle }).waitFor();
    const guest = await guestOf(page);
    const name = '아침 뉴스 요약';
    const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
      name,
      finalAgentPrompt: '오늘의 뉴스를 요약해 주세요.',
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    await page.goto(`${stack.url}/agents/${id}`);
    const section = page.locator('delivery-editor');
    await page.getByRole('heading', { name: kd.deliveries }).waitFor();
    await section.getByText(kd.noDeliveries).waitFor();

    // Add a Slack webhook: saved at once, listed with its format and address.
    await section.getByLabel(kd.url).fill(hook);
    await section.getByLabel(kd.format).selectOption('slack');
    await section.getByRole('button', { name: kd.add }).click();
    await page.getByText(kd.saved).waitFor();
    await section.getByText(`Slack · ${hook}`).waitFor();
    expect((await stack.api(guest.idToken, 'GET', `/api/agents/${id}`)).body.deliveries).toEqual([
      { type: 'webhook', url: hook, format: 'slack', on: ['success', 'failure'] },
    ]);

    // "Send a test" reaches the receiver now, with Slack's body.
    await section.getByRole('button', { name: kd.sendTest }).click();
    await page.getByText(kd.testSent).waitFor();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.text).toContain('시험 전송');
    await shot(page, 'ko-360-deliveries-01-agent');

    // A run's end reaches it too; its page says where the result went.
    await page.getByRole('button', { name: ko.runNow }).click();
    const executionId = await waitFor(async () => {
      const runs = (await stack.api(guest.idToken, 'GET', `/api/agents/${id}/executions`)).body.executions;
      return runs[0]?.deliveries?.[0]?.status === 'sent' ? (runs[0].id as string) : undefined;
    });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]?.text).toContain(`${stack.url}/runs/${executionId}`);

    await page.goto(`${stack.url}/runs/${executionId}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const states = page.locator('delivery-states');
    await states.getByText(kd.delivery_sent).waitFor();
    await states.getByText(kd.type_webhook).waitFor();
    // The target is redacted: scheme and host, never the path (a Slack URL's path is its secret).
    expect(await states.textContent()).not.toContain('/slack');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'ko-360-deliveries-02-run-page');
    expect(errors).toEqual([]);
  } catch (err) {
    await shot(page, 'ko-360-deliveries-failure').catch(() => {});
    throw err;
  } finally {
    await context.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}
