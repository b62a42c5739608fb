/**
 * E-mail deliveries end to end through the local stack and its SMTP mail
 * catcher: an address is confirmed only through the link in its confirmation
 * mail; then a run's result arrives by mail, escaped, with a link to the run
 * and an unsubscribe link that turns that delivery off.
 */

import { textReply } from '../support/messages-stub';
import { agentWith, runToEnd, stack, stub, useDeliveryStack, user } from './harness';

useDeliveryStack();

interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  at: string;
}
const inbox = async (to: string): Promise<Mail[]> => {
  const res = await fetch(`${stack.url}/__local/mail`);
  const { messages } = (await res.json()) as { messages: Mail[] };
  return messages.filter((m) => m.to === to);
};
const linkIn = (text: string, path: string) => {
  const found = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_-]+`).exec(text);
  if (!found) throw new Error(`no ${path} link in: ${text}`);
  return found[0];
};

test('an address confirmed through the link in its mail receives the run’s result, and unsubscribing stops it', async () => {
  const to = `reader-${user.uid.slice(0, 6).toLowerCase()}@example.com`;

  // Not confirmed yet: saving an agent that mails it is refused, naming the field.
  const early = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Mailer',
    finalAgentPrompt: 'x',
    deliveries: [{ type: 'email', to }],
  });
  expect(early.status).toBe(400);
  expect(early.body.error.details).toEqual([expect.objectContaining({ field: 'deliveries[0].to' })]);

  const added = await stack.api(user.idToken, 'POST', '/api/email-addresses', { email: to.toUpperCase() });
  expect(added.status).toBe(202);
  expect(added.body).toEqual({ email: to, confirmed: false });
  expect((await stack.api(user.idToken, 'GET', '/api/email-addresses')).body).toEqual({
    addresses: [{ email: to, confirmed: false }],
  });
  const [confirmation] = await inbox(to);
  expect(confirmation?.subject).toBe('Confirm your e-mail address');
  const confirmLink = linkIn(confirmation?.text ?? '', '/api/email-addresses/confirm');
  expect(confirmation?.html).toContain(confirmLink.replace(/&/g, '&amp;'));

  // A forged token confirms nothing.
  const forged = await fetch(`${stack.url}/api/email-addresses/confirm?token=${'x'.repeat(32)}`);
  expect(forged.status).toBe(404);
  expect(await forged.text()).toContain('expired');

  // The link is a plain GET, through Hosting as a mail client opens it, answering a page.
  const opened = await fetch(confirmLink, { headers: { Accept: 'text/html', 'Accept-Language': 'ko' } });
  expect(opened.status).toBe(200);
  expect(opened.headers.get('content-type')).toMatch(/text\/html/);
  expect(await opened.text()).toContain('주소를 확인했습니다');
  expect((await stack.api(user.idToken, 'GET', '/api/email-addresses')).body).toEqual({
    addresses: [{ email: to, confirmed: true }],
  });
  // Used once: opening it again says it has expired.
  expect((await fetch(confirmLink)).status).toBe(404);

  stub.script(textReply('**Seoul**: rain <script>alert(1)</script> & wind'));
  const agent = await agentWith([{ type: 'email', to }], 'Weather <Seoul>');
  const exec = await runToEnd(agent.id);
  expect(exec.deliveries).toEqual([
    expect.objectContaining({ type: 'email', target: 'r…@example.com', status: 'sent', attempts: 1 }),
  ]);
  const result = (await inbox(to)).find((m) => m.subject.includes('Weather'));
  expect(result?.subject).toBe('✅ Weather <Seoul> — run succeeded · 실행 성공');
  expect(result?.text).toContain('**Seoul**: rain <script>alert(1)</script> & wind');
  expect(result?.text).toContain(`${stack.url}/runs/${exec.id}`);
  // Model output is text in the HTML, never markup.
  expect(result?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; wind');
  expect(result?.html).not.toContain('<script>');
  expect(result?.html).toContain(`href="${stack.url}/runs/${exec.id}"`);

  const unsubscribe = await fetch(linkIn(result?.text ?? '', '/api/deliveries/unsubscribe'));
  expect(unsubscribe.status).toBe(200);
  expect(await unsubscribe.text()).toContain('no longer e-mail');
  expect((await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}`)).body.deliveries).toEqual([]);
});

test('the confirmation mail is not sent twice within a minute, and a bad address is refused', async () => {
  const to = `twice-${user.uid.slice(0, 6).toLowerCase()}@example.com`;
  expect((await stack.api(user.idToken, 'POST', '/api/email-addresses', { email: to })).status).toBe(202);
  const again = await stack.api(user.idToken, 'POST', '/api/email-addresses', { email: to });
  expect(again.status).toBe(429);
  expect(await inbox(to)).toHaveLength(1);
  const bad = await stack.api(user.idToken, 'POST', '/api/email-addresses', { email: 'not an address' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'email' })]);
  expect((await stack.api(undefined, 'GET', '/api/email-addresses')).status).toBe(401);
});

test('the mail catcher shows caught mail as a page in a browser', async () => {
  const res = await fetch(`${stack.url}/__local/mail`, { headers: { Accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const page = await res.text();
  expect(page).toContain('Local mail');
  expect(page).toContain('Confirm your e-mail address');
});
