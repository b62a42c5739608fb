/** @jest-environment jsdom */
import './env';
import { ApiError } from '../../src/data/errors';
import type { Schedule } from '../../src/data/types';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { AgentForm } from '../../src/ui/agent-form';
import '../../src/ui/agent-form';
import { choose, events, LOCALES, mount, settle, shadow, textOf, type, useFrozenClock } from './dom';
import { agent, type FakeApi, noticesSeen, useFakeClient } from './fakes';

const field = <E extends Element = HTMLInputElement>(form: AgentForm, selector: string) =>
  shadow(form).querySelector<E>(selector)!;
const saveButton = (form: AgentForm) => field<HTMLButtonElement>(form, 'button[type="submit"]');
const picker = (form: AgentForm) => field(form, 'schedule-picker');
const errorOf = (form: AgentForm, name: string) => textOf(shadow(form).querySelector(`#err-${name}`));

async function submit(form: AgentForm) {
  saveButton(form).click();
  await settle(form);
}

async function edit(form: AgentForm, selector: string, value: string) {
  type(field(form, selector), value);
  await settle(form);
}

describe.each(LOCALES)('agent-form in %s', (locale) => {
  const m = messagesFor(locale);
  // The shared schema's messages in this language.
  const notEmpty = locale === 'ko' ? '비어 있으면 안 됩니다.' : 'Must not be empty.';
  let api: FakeApi;
  useFrozenClock();
  beforeEach(() => {
    setLocale(locale);
    ({ api } = useFakeClient());
  });

  it('starts from the agent as it is, with nothing to save', async () => {
    const form = await mount('agent-form', { agent: agent() });
    expect(field(form, '#name').value).toBe('Morning news');
    expect(field<HTMLSelectElement>(form, '#model').value).toBe('claude-sonnet-5-5');
    expect(field<HTMLTextAreaElement>(form, '#desc').value).toBe('Summarises the tech news every Monday.');
    expect(field<HTMLTextAreaElement>(form, '#prompt').value).toBe(
      'Summarise the week’s tech news in five bullet points.',
    );
    expect(textOf(shadow(form).querySelector('.count'))).toBe('53 / 20,000');
    const tools = [...shadow(form).querySelectorAll<HTMLLabelElement>('.tool')];
    expect(tools.map(textOf)).toEqual([m.tool_web_search, m.tool_web_fetch, m.tool_code_execution]);
    expect(tools.map((t) => t.querySelector('input')!.checked)).toEqual([true, false, false]);
    expect(picker(form).value).toEqual(agent().schedule);
    expect(textOf(saveButton(form))).toBe(m.saveChanges);
    expect(saveButton(form).disabled).toBe(true);
  });

  it('enables saving once something changed, and disables it again when the change is undone', async () => {
    const form = await mount('agent-form', { agent: agent() });
    await edit(form, '#name', 'Evening news');
    expect(saveButton(form).disabled).toBe(false);
    await edit(form, '#name', 'Morning news');
    expect(saveButton(form).disabled).toBe(true);
  });

  it.each([
    { field: 'name', selector: '#name', value: '   ' },
    { field: 'finalAgentPrompt', selector: '#prompt', value: '' },
  ])('refuses an empty $field next to the field, without calling the API', async (c) => {
    const form = await mount('agent-form', { agent: agent() });
    await edit(form, c.selector, c.value);
    await submit(form);
    expect(errorOf(form, c.field)).toBe(notEmpty);
    expect(field(form, c.selector).getAttribute('aria-invalid')).toBe('true');
    expect(shadow(form).activeElement).toBe(field(form, c.selector));
    expect(api.updateAgent).not.toHaveBeenCalled();
  });

  it('clears a field’s message as soon as the field is edited', async () => {
    const form = await mount('agent-form', { agent: agent() });
    await edit(form, '#name', '');
    await submit(form);
    expect(errorOf(form, 'name')).toBe(notEmpty);
    await edit(form, '#name', 'N');
    expect(shadow(form).querySelector('#err-name')).toBeNull();
    expect(field(form, '#name').getAttribute('aria-invalid')).toBe('false');
  });

  it('shows a refused cron expression next to the cron field in the schedule picker', async () => {
    const form = await mount('agent-form', { agent: agent() });
    choose(shadow(picker(form)).querySelector<HTMLSelectElement>('#freq')!, 'cron');
    await settle(form);
    type(shadow(picker(form)).querySelector<HTMLInputElement>('#cron')!, 'a b c d e');
    await settle(form);
    await submit(form);
    expect(textOf(shadow(picker(form)).querySelector('#err-cron'))).toBe(
      locale === 'ko' ? '올바른 cron 식이 아닙니다.' : 'Not a valid cron expression.',
    );
    expect(api.updateAgent).not.toHaveBeenCalled();
  });

  it('saves only what changed, says so, and shows “saving” meanwhile', async () => {
    let answer!: () => void;
    api.updateAgent.mockImplementation(
      (id, patch) => new Promise((resolve) => (answer = () => resolve({ ...agent({ id }), ...patch }))),
    );
    const notices = noticesSeen();
    const form = await mount('agent-form', { agent: agent() });
    await edit(form, '#name', 'Evening news');
    const codeBox = shadow(form).querySelectorAll<HTMLInputElement>('.tool input')[2]!;
    codeBox.checked = true;
    codeBox.dispatchEvent(new Event('change'));
    choose(field<HTMLSelectElement>(form, '#model'), 'claude-haiku-5-5');
    await submit(form);
    expect(api.updateAgent).toHaveBeenCalledWith('a1', {
      name: 'Evening news',
      tools: ['web_search', 'code_execution'],
      model: 'claude-haiku-5-5',
    });
    expect(textOf(saveButton(form))).toBe(m.saving);
    expect(saveButton(form).disabled).toBe(true);
    answer();
    await settle(form);
    expect(notices.map((n) => [n.kind, n.text])).toEqual([['success', m.changesSaved]]);
    expect(textOf(saveButton(form))).toBe(m.saveChanges);
  });

  it('takes a schedule from the picker (whose change event bubbles out of the form) and saves it', async () => {
    const form = await mount('agent-form', { agent: agent({ schedule: null, status: 'draft' }) });
    const changes = events<{ schedule: Schedule | null }>(form, 'ap-schedule-change');
    choose(shadow(picker(form)).querySelector<HTMLSelectElement>('#freq')!, 'daily');
    await settle(form);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(changes.map((e) => e.detail.schedule)).toEqual([{ frequency: 'daily', time: '09:00', timezone: zone }]);
    expect(saveButton(form).disabled).toBe(false);
    await submit(form);
    expect(api.updateAgent).toHaveBeenCalledWith('a1', {
      schedule: { frequency: 'daily', time: '09:00', timezone: zone },
    });
  });

  it('shows the server’s field messages next to their fields', async () => {
    api.updateAgent.mockRejectedValue(
      new ApiError('invalid_argument', 'Invalid agent', 400, [
        { field: 'name', message: 'Already taken by another agent.' },
        { field: 'schedule.time', message: 'Not on the hour.' },
      ]),
    );
    const form = await mount('agent-form', { agent: agent() });
    await edit(form, '#name', 'Taken');
    await submit(form);
    expect(errorOf(form, 'name')).toBe('Already taken by another agent.');
    expect(textOf(shadow(picker(form)).querySelector('#err-time'))).toBe('Not on the hour.');
  });

  it('tells of any other failure in a notice', async () => {
    api.updateAgent.mockRejectedValue(new ApiError('unavailable', 'The service is unavailable.', 503));
    const notices = noticesSeen();
    const form = await mount('agent-form', { agent: agent() });
    await edit(form, '#name', 'Whatever');
    await submit(form);
    expect(notices.map((n) => [n.kind, n.text])).toEqual([['error', 'The service is unavailable.']]);
    expect(saveButton(form).disabled).toBe(false);
  });

  it('keeps what the person is typing when the agent changes live, and starts over for another agent', async () => {
    const form = await mount('agent-form', { agent: agent() });
    await edit(form, '#name', 'Half typed');
    form.agent = agent({ runCount: 5 });
    await settle(form);
    expect(field(form, '#name').value).toBe('Half typed');
    form.agent = agent({ id: 'a2', name: 'Other agent' });
    await settle(form);
    expect(field(form, '#name').value).toBe('Other agent');
    expect(saveButton(form).disabled).toBe(true);
  });
});
