import { describeConfig, loadConfig } from '../../src/shared/config';
import { configureLog, log, redact, withLogFields } from '../../src/shared/log';

describe('loadConfig', () => {
  test('has a visible default for every setting', () => {
    const c = loadConfig({});
    expect(c.env).toBe('production');
    expect(c.budget).toMatchObject({ userUsd: 5, guestUsd: 0.5, maxConcurrentRuns: 2, maxAgents: 50 });
    expect(c.budget.userMonthlyTokens).toBeUndefined();
    expect(c.budget.platformUsd).toBeUndefined();
    expect(c.run.maxInputTokens).toBe(100_000);
    expect(c.run.timeoutSeconds).toBe(300);
    expect(c.http.maxBodyBytes).toBe(256 * 1024);
    expect(c.models.models[c.models.defaultModel]).toBeDefined();
    expect(c.queue.name).toBe('agent-runs');
  });

  test.each([
    ['a budget that is not a number', { USER_MONTHLY_TOKEN_BUDGET: 'lots' }, /USER_MONTHLY_TOKEN_BUDGET/],
    ['a run timeout beyond what Cloud Tasks allows', { RUN_TIMEOUT_SECONDS: '4000' }, /RUN_TIMEOUT_SECONDS/],
    ['an unknown environment', { PLATFORM_ENV: 'staging' }, /PLATFORM_ENV/],
  ])('refuses %s, naming the variable', (_n, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('keeps a short run lease, even under a long timeout, because the running delivery renews it', () => {
    expect(loadConfig({}).run.leaseSeconds).toBe(60);
    expect(loadConfig({ RUN_TIMEOUT_SECONDS: '900', RUN_LEASE_SECONDS: '45' }).run.leaseSeconds).toBe(45);
    expect(() => loadConfig({ RUN_LEASE_SECONDS: '10' })).toThrow(/RUN_LEASE_SECONDS/);
  });

  test('limits run-now to 20 a minute per user unless configured', () => {
    expect(loadConfig({}).run.runNowPerMinute).toBe(20);
    expect(loadConfig({ RUN_NOW_PER_MINUTE: '3' }).run.runNowPerMinute).toBe(3);
    expect(() => loadConfig({ RUN_NOW_PER_MINUTE: '0' })).toThrow(/RUN_NOW_PER_MINUTE/);
  });

  test('never shows the API key when described for a log', () => {
    const text = JSON.stringify(describeConfig(loadConfig({ ANTHROPIC_API_KEY: 'test-api-key-value' })));
    expect(text).not.toContain('test-api-key-value');
    expect(text).toContain('[omitted]');
  });
});

describe('log', () => {
  test('writes one JSON line with severity, and omits secret-looking fields', () => {
    const lines: string[] = [];
    configureLog({ sink: (l) => lines.push(l), minimum: 'DEBUG' });
    log.warn('calling model', {
      apiKey: 'sk-ant-xyz',
      authorization: 'Bearer abc',
      maxOutputTokens: 512,
      nested: { idToken: 't' },
    });
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({ severity: 'WARNING', message: 'calling model', maxOutputTokens: 512 });
    expect(lines[0]).not.toContain('sk-ant-xyz');
    expect(lines[0]).not.toContain('Bearer abc');
    expect(entry.nested.idToken).toBe('[omitted]');
  });

  test('redacts inside arrays and errors without their stacks', () => {
    expect(redact([{ password: 'p' }, new Error('boom')])).toEqual([
      { password: '[omitted]' },
      { name: 'Error', message: 'boom' },
    ]);
  });

  test('adds the fields of the request being handled to each line, also after it awaits', async () => {
    const lines: string[] = [];
    configureLog({ sink: (l) => lines.push(l), minimum: 'DEBUG' });
    await withLogFields({ 'logging.googleapis.com/trace': 'projects/p/traces/t1' }, async () => {
      log.info('first');
      await new Promise((r) => setTimeout(r, 1));
      log.info('second', { step: 2 });
    });
    log.info('outside');
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => e['logging.googleapis.com/trace'])).toEqual([
      'projects/p/traces/t1',
      'projects/p/traces/t1',
      undefined,
    ]);
    expect(entries[1]).toMatchObject({ message: 'second', step: 2 });
  });
});
