/** @jest-environment jsdom */
import './env';
import type { MessagePart } from '../../src/data/types';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import '../../src/ui/chat-message';
import { deep, deepAll, LOCALES, mount, shadow, textOf } from './dom';
import { execution, message, minutesAgo, minutesAhead, put, useFakeClient } from './fakes';

const text = (t: string): MessagePart => ({ type: 'text', data: { text: t } });
const status = (t: string): MessagePart => ({ type: 'status', data: { phase: 'drafting', text: t } });

describe.each(LOCALES)('chat-message in %s', (locale) => {
  const m = messagesFor(locale);
  let backend: ReturnType<typeof useFakeClient>['backend'];
  beforeEach(() => {
    setLocale(locale);
    ({ backend } = useFakeClient());
  });

  it('shows the person’s own message as they typed it, markup included, on their side', async () => {
    const el = await mount('chat-message', {
      message: message({ role: 'user', content: 'Every day <img src=x onerror="alert(1)">\n**not bold**' }),
    });
    const body = shadow(el).querySelector('.body');
    expect(body?.getAttribute('aria-label')).toBe(m.you);
    expect(textOf(body)).toBe('Every day <img src=x onerror="alert(1)"> **not bold**');
    expect(deepAll(el, 'img, strong, markdown-view')).toHaveLength(0);
    expect(el.hasAttribute('role-user')).toBe(true);
  });

  it('formats the designer’s text as markdown, on the designer’s side', async () => {
    const el = await mount('chat-message', {
      message: message({ parts: [text('Here is the plan:\n\n- **Monday** 8:00\n- Seoul time')] }),
    });
    expect(shadow(el).querySelector('.body')?.getAttribute('aria-label')).toBe(m.designer);
    expect(textOf(deep(el, 'strong'))).toBe('Monday');
    expect(deepAll(el, 'li')).toHaveLength(2);
    expect(el.hasAttribute('role-user')).toBe(false);
  });

  it('shows model output that holds markup as text: no image, no script, no code-running link', async () => {
    const reply = 'Done <img src=x onerror="window.pwned=1"> <script>window.pwned=1</script> [x](javascript:void(0))';
    const el = await mount('chat-message', { message: message({ parts: [text(reply)] }) });
    expect(deepAll(el, 'img, script')).toHaveLength(0);
    expect(deep(el, 'a').hasAttribute('href')).toBe(false);
    expect(textOf(el)).toContain('<img src=x onerror="window.pwned=1">');
    expect(textOf(el)).toContain('<script>window.pwned=1</script>');
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('shows a reply stored without parts from its content', async () => {
    const el = await mount('chat-message', { message: message({ content: 'Plain **reply**', parts: [] }) });
    expect(textOf(deep(el, 'strong'))).toBe('reply');
  });

  it('says it is thinking while a reply has only said what it is doing', async () => {
    const el = await mount('chat-message', {
      message: message({ state: 'streaming', leaseUntil: minutesAhead(1), parts: [status('Checking the schedule…')] }),
      streaming: true,
    });
    expect(textOf(el)).toBe(`✦ ${m.thinking}`);
    expect(shadow(el).querySelector('.body')?.getAttribute('aria-busy')).toBe('true');
  });

  it('hides what the designer was doing once text arrives', async () => {
    const el = await mount('chat-message', {
      message: message({ parts: [status('Checking the schedule…'), text('All set.')] }),
    });
    expect(textOf(el)).toBe('✦ All set.');
    expect(shadow(el).querySelector('.body')?.getAttribute('aria-busy')).toBe('false');
  });

  it('names the draft the designer proposed', async () => {
    const el = await mount('chat-message', {
      message: message({
        parts: [
          text('Here is a draft.'),
          {
            type: 'agent_draft',
            data: {
              draft: {
                name: 'Umbrella check',
                monthlyBudgetUsd: null,
                description: '',
                finalAgentPrompt: 'Check',
                tools: [],
                model: 'claude-sonnet-5-5',
                schedule: null,
                status: 'draft',
              },
              schedule: null,
              estimate: {
                basis: 'estimate',
                model: 'claude-sonnet-5-5',
                modelLabel: 'Claude Sonnet 5.5',
                tokensPerRun: { input: 1, output: 1 },
                perRunUsd: 0.01,
                runsPerMonth: null,
                perMonthUsd: null,
              },
              summary: '',
            },
          },
        ],
      }),
    });
    expect(textOf(shadow(el).querySelector('.note'))).toBe(`✦ ${m.draftTitle}: Umbrella check`);
  });

  it('follows a test run the reply started, live', async () => {
    put(backend, 'executions', execution({ id: 'x9', status: 'running', endTime: null, trigger: 'test' }));
    const el = await mount('chat-message', {
      message: message({ parts: [{ type: 'test_run', data: { executionId: 'x9', status: 'queued' } }] }),
    });
    const card = deep(el, 'test-run-card');
    expect(textOf(card)).toContain(`${m.testRunTitle} ${m.run_running}`);
  });

  it.each([
    {
      name: 'a passing model failure asks to send again',
      data: { code: 'unavailable', reason: 'overloaded', message: 'Overloaded (529)' },
      shown: `${m.ev_reason_overloaded} ${m.chatTryAgain}`,
    },
    {
      name: 'a lasting model failure says only why',
      data: { code: 'internal', reason: 'auth', message: 'invalid x-api-key' },
      shown: m.ev_reason_auth,
    },
    {
      name: 'a reason this build does not know shows the server’s words',
      data: { code: 'unavailable', reason: 'solar_flare', message: 'The model had a solar flare.' },
      shown: 'The model had a solar flare.',
    },
    {
      name: 'an error with no reason shows the server’s words',
      data: { code: 'resource_exhausted', message: 'This month’s budget is used up.' },
      shown: 'This month’s budget is used up.',
    },
  ])('shows a failed reply as an alert: $name', async ({ data, shown }) => {
    const el = await mount('chat-message', { message: message({ state: 'error', parts: [{ type: 'error', data }] }) });
    const alert = shadow(el).querySelector('[role="alert"]');
    expect(textOf(alert)).toBe(shown);
  });

  it('says a reply was interrupted when its turn died mid-stream, instead of thinking forever', async () => {
    const el = await mount('chat-message', {
      message: message({ state: 'streaming', leaseUntil: minutesAgo(2), parts: [status('Drafting…')] }),
    });
    expect(textOf(shadow(el).querySelector('[role="alert"]'))).toBe(m.replyInterrupted);
    expect(textOf(el)).not.toContain(m.thinking);
  });

  it('keeps the text an interrupted reply had written, and says it was interrupted', async () => {
    const el = await mount('chat-message', {
      message: message({ state: 'streaming', leaseUntil: minutesAgo(2), parts: [text('Half a sent')] }),
    });
    expect(textOf(el)).toBe(`✦ Half a sent ${m.replyInterrupted}`);
  });
});
