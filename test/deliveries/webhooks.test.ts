/**
 * Webhook deliveries end to end through the local stack: a run's end reaches a
 * receiver that verifies the Standard Webhooks signature with the official
 * library, once per run however often the receiver fails first; the chat
 * services get their own documented bodies; failure-only deliveries hear of
 * failures only; and private or metadata addresses are refused at save and at
 * send.
 */
import { Webhook } from 'standardwebhooks';
import { agents } from '../../functions/src/store/agents';
import { errorReply, textReply } from '../support/messages-stub';
import { agentWith, runToEnd, stack, startReceiver, stub, useDeliveryStack, user } from './harness';

useDeliveryStack();

test('a signed json webhook arrives exactly once per run, with one webhook-id, although the receiver fails twice first', async () => {
  const secret = (await stack.api(user.idToken, 'GET', '/api/webhook-secret')).body.secret as string;
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  const verifier = new Webhook(secret);
  const accepted: unknown[] = [];
  const receiver = await startReceiver((r, n) => {
    // A real receiver: verify, and fail the first two deliveries with 500.
    const payload = verifier.verify(r.body, r.headers as Record<string, string>);
    if (n <= 2) return 500;
    accepted.push(payload);
    return 204;
  });
  try {
    stub.script(textReply('Stocks rose 2%.'));
    const agent = await agentWith([{ type: 'webhook', url: `${receiver.url}/hook`, format: 'json' }]);
    const exec = await runToEnd(agent.id);

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(accepted).toEqual([
      {
        type: 'run.succeeded',
        agent: { id: agent.id, name: 'Morning news' },
        execution: expect.objectContaining({
          id: exec.id,
          status: 'success',
          result: 'Stocks rose 2%.',
          error: null,
          url: `${stack.url}/runs/${exec.id}`,
        }),
      },
    ]);
    expect(exec.deliveries).toEqual([
      {
        type: 'webhook',
        target: `${receiver.url}/…`,
        status: 'sent',
        attempts: 3,
        lastError: null,
        sentAt: expect.any(String),
      },
    ]);

    // The same task delivered again (Cloud Tasks is at-least-once) sends nothing.
    const again = await fetch(stack.functionUrl('deliver'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.taskToken('deliver')}` },
      body: JSON.stringify({
        executionId: exec.id,
        index: 0,
        userId: user.uid,
        agentId: agent.id,
        delivery: { type: 'webhook', url: `${receiver.url}/hook`, format: 'json', on: ['success', 'failure'] },
      }),
    });
    expect(again.status).toBe(200);
    expect(receiver.received).toHaveLength(3);
  } finally {
    await receiver.stop();
  }
});

test('a rotated secret signs the next delivery, and the old one no longer verifies it', async () => {
  const old = (await stack.api(user.idToken, 'GET', '/api/webhook-secret')).body.secret as string;
  const rotated = await stack.api(user.idToken, 'POST', '/api/webhook-secret/rotate');
  expect(rotated.status).toBe(200);
  expect(rotated.body.secret).not.toBe(old);
  expect((await stack.api(user.idToken, 'GET', '/api/webhook-secret')).body.secret).toBe(rotated.body.secret);
  const receiver = await startReceiver();
  try {
    const agent = await agentWith([{ type: 'webhook', url: receiver.url }]);
    await runToEnd(agent.id);
    const [r] = receiver.received;
    const headers = r?.headers as Record<string, string>;
    expect(() => new Webhook(rotated.body.secret).verify(r?.body ?? '', headers)).not.toThrow();
    expect(() => new Webhook(old).verify(r?.body ?? '', headers)).toThrow();
  } finally {
    await receiver.stop();
  }
});

test('Slack, Discord and Google Chat get their incoming-webhook bodies, trimmed to fit and escaped', async () => {
  const receiver = await startReceiver();
  try {
    const long = `<@U123> <!channel> & ${'결과 '.repeat(2000)}`;
    stub.script(textReply(long));
    const agent = await agentWith(
      [
        { type: 'webhook', url: `${receiver.url}/slack`, format: 'slack' },
        { type: 'webhook', url: `${receiver.url}/discord`, format: 'discord' },
        { type: 'webhook', url: `${receiver.url}/chat`, format: 'googlechat' },
      ],
      'News <bot>',
    );
    const exec = await runToEnd(agent.id);
    expect(exec.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent', 'sent']);
    const body = (path: string) => JSON.parse(receiver.received.find((r) => r.path === path)?.body ?? 'null');
    const runLink = `${stack.url}/runs/${exec.id}`;

    // Slack: {"text"}, & < > escaped so the result makes no mention or link; under 4,000 characters.
    const slack = body('/slack');
    expect(Object.keys(slack)).toEqual(['text']);
    expect(slack.text).toContain('News &lt;bot&gt;');
    expect(slack.text).toContain('&lt;@U123&gt; &lt;!channel&gt; &amp;');
    expect(slack.text).not.toContain('<!channel>');
    expect(slack.text).toContain(`<${runLink}|Open the run>`);
    expect([...slack.text].length).toBeLessThanOrEqual(4000);

    // Discord: {"content"} of at most 2,000 characters, and no mention may ping anyone.
    const discord = body('/discord');
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    expect([...discord.content].length).toBeLessThanOrEqual(2000);
    expect(discord.content).toContain('…');
    expect(discord.content).toContain(runLink);

    // Google Chat: {"text"}, escaped like Slack (it shares the <url|label> links), under 32,000 bytes.
    const chat = body('/chat');
    expect(Object.keys(chat)).toEqual(['text']);
    expect(chat.text).toContain(`<${runLink}|Open the run>`);
    expect(chat.text).not.toContain('<@U123>');
    expect(Buffer.byteLength(chat.text)).toBeLessThan(32_000);
  } finally {
    await receiver.stop();
  }
});

test('a failed run reaches the failure-only delivery and not the success-only one', async () => {
  const receiver = await startReceiver();
  try {
    stub.script(errorReply(400, 'invalid_request_error', 'The prompt is not valid.'));
    const agent = await agentWith([
      { type: 'webhook', url: `${receiver.url}/on-success`, on: ['success'] },
      { type: 'webhook', url: `${receiver.url}/on-failure`, on: ['failure'] },
    ]);
    const exec = await runToEnd(agent.id);
    expect(exec.status).toBe('failed');
    expect(receiver.received.map((r) => r.path)).toEqual(['/on-failure']);
    const sent = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(sent.type).toBe('run.failed');
    expect(sent.execution.status).toBe('failed');
    expect(sent.execution.error).toEqual(expect.any(String));
    expect(exec.deliveries).toEqual([expect.objectContaining({ type: 'webhook', status: 'sent' })]);
  } finally {
    await receiver.stop();
  }
});

test.each([
  ['the metadata server', 'http://169.254.169.254/computeMetadata/v1/'],
  ['a link-local address over https', 'https://169.254.10.10/hook'],
  ['a private address', 'https://10.0.0.8/hook'],
  ['CGNAT', 'https://100.64.1.1/hook'],
  ['an IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hook'],
  ['an IPv6 unique-local address', 'https://[fd00::1]/hook'],
  ['plain http to a public host', 'http://93.184.216.34/hook'],
])('saving a webhook to %s is refused with 400 naming the field, and nothing is saved', async (_name, url) => {
  const res = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Leaky',
    finalAgentPrompt: 'x',
    deliveries: [{ type: 'push' }, { type: 'webhook', url }],
  });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_argument');
  expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'deliveries[1].url' })]);
  expect((await stack.api(user.idToken, 'GET', '/api/agents')).body.agents).toEqual([]);
});

test('a refusal is in Korean when the request asks for it', async () => {
  const res = await fetch(`${stack.url}/api/agents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${user.idToken}`, 'Content-Type': 'application/json', 'Accept-Language': 'ko' },
    body: JSON.stringify({
      name: 'x',
      finalAgentPrompt: 'x',
      deliveries: [{ type: 'webhook', url: 'https://10.1.1.1/' }],
    }),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toContain('사설');
});

test('an address that turned private after it was saved is refused at send: failed at once, nothing sent', async () => {
  const receiver = await startReceiver();
  try {
    const agent = await agentWith([{ type: 'webhook', url: receiver.url }]);
    // As if the name now resolved to the metadata server (DNS rebinding): the stored URL changes under the check.
    await agents.update(stack.store, agent.id, {
      deliveries: [
        { type: 'webhook', url: 'https://169.254.169.254/computeMetadata/v1/', format: 'json', on: ['success'] },
      ],
    });
    const exec = await runToEnd(agent.id);
    expect(exec.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, lastError: expect.stringContaining('private') }),
    ]);
    expect(receiver.received).toHaveLength(0);
  } finally {
    await receiver.stop();
  }
});

test('a receiver that never answers 2xx is given up on after the queue’s attempts; the run stays a success', async () => {
  const receiver = await startReceiver(() => 503);
  try {
    const agent = await agentWith([{ type: 'webhook', url: receiver.url }]);
    const exec = await runToEnd(agent.id);
    expect(exec.status).toBe('success');
    const attempts = stack.config.deliveryQueue.retryConfig.maxAttempts;
    expect(receiver.received).toHaveLength(attempts);
    expect(exec.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', attempts, lastError: 'The receiver answered 503.' }),
    ]);
  } finally {
    await receiver.stop();
  }
});

test('send a test: one sample message through one of the agent’s deliveries, 404 for another user’s agent', async () => {
  const receiver = await startReceiver();
  try {
    const agent = await agentWith([{ type: 'push' }, { type: 'webhook', url: receiver.url, format: 'slack' }]);
    const ok = await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/deliveries/1/test`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'sent' });
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').text).toContain('test delivery');
    expect((await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/deliveries/7/test`)).status).toBe(404);
    const other = await stack.guest();
    expect((await stack.api(other.idToken, 'POST', `/api/agents/${agent.id}/deliveries/1/test`)).status).toBe(404);
    // Push with no subscribed browser: a clear 400, not a silent success.
    const push = await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/deliveries/0/test`);
    expect(push.status).toBe(400);
    expect(push.body.error.message).toMatch(/No browser/);
  } finally {
    await receiver.stop();
  }
});
