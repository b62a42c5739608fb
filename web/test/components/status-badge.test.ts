/** @jest-environment jsdom */
import './env';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import '../../src/ui/status-badge';
import { LOCALES, mount, shadow, textOf } from './dom';

describe.each(LOCALES)('status-badge in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it.each([
    { status: 'draft', label: m.status_draft },
    { status: 'active', label: m.status_active },
    { status: 'inactive', label: m.status_inactive },
  ] as const)('labels an agent that is $status as “$label”', async ({ status, label }) => {
    const el = await mount('status-badge', { status });
    expect(textOf(el)).toBe(label);
    expect(shadow(el).querySelector('.badge')?.classList.contains(status)).toBe(true);
  });

  it.each([
    { status: 'queued', label: m.run_queued },
    { status: 'scheduled', label: m.run_scheduled },
    { status: 'running', label: m.run_running },
    { status: 'success', label: m.run_success },
    { status: 'failed', label: m.run_failed },
  ] as const)('labels a run that is $status as “$label”', async ({ status, label }) => {
    const el = await mount('status-badge', { kind: 'run', status });
    expect(textOf(el)).toBe(label);
  });
});

describe('status-badge', () => {
  it('shows a status it has no word for as it came', async () => {
    setLocale('en');
    const el = await mount('status-badge', { kind: 'run', status: 'archived' as never });
    expect(textOf(el)).toBe('archived');
  });

  it('changes its words when the language changes', async () => {
    setLocale('en');
    const el = await mount('status-badge', { status: 'inactive' });
    expect(textOf(el)).toBe('Paused');
    setLocale('ko');
    await el.updateComplete;
    expect(textOf(el)).toBe('일시 중지');
  });
});
