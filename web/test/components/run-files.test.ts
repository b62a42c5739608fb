/** @jest-environment jsdom */
import './env';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { RunFiles } from '../../src/ui/run-files';
import '../../src/ui/run-files';
import { LOCALES, mount, settle, shadow } from './dom';
import { type FakeApi, useFakeClient } from './fakes';

const FILES = [
  { name: 'chart.svg', bytes: 1234, contentType: 'image/svg+xml' },
  { name: 'data.csv', bytes: 52, contentType: 'text/csv' },
];

describe.each(LOCALES)('run-files in %s', (locale) => {
  const m = messagesFor(locale);
  let api: FakeApi;
  let made: Blob[];
  beforeEach(() => {
    setLocale(locale);
    ({ api } = useFakeClient());
    made = [];
    let n = 0;
    URL.createObjectURL = jest.fn((blob: Blob) => {
      made.push(blob);
      return `blob:test/${++n}`;
    });
    URL.revokeObjectURL = jest.fn();
  });

  it('draws an image the run made as an <img> of its own bytes, and offers every file as a download', async () => {
    const el = (await mount('run-files', { executionId: 'run-1', files: FILES })) as RunFiles;
    await settle();
    await settle();
    expect(api.artifact).toHaveBeenCalledWith('run-1', 'chart.svg');
    expect(api.artifact).not.toHaveBeenCalledWith('run-1', 'data.csv'); // not an image: fetched only when asked
    const imgs = [...shadow(el).querySelectorAll('img')];
    expect(imgs.map((i) => [i.getAttribute('src'), i.getAttribute('alt')])).toEqual([
      ['blob:test/1', m.fileImageAlt('chart.svg')],
    ]);
    expect(made[0]?.type).toBe('image/svg+xml');
    const buttons = [...shadow(el).querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      m.fileDownload('chart.svg'),
      m.fileDownload('data.csv'),
    ]);
  });

  it('downloads a file as an attachment, never opening it as a page', async () => {
    const el = (await mount('run-files', { executionId: 'run-1', files: FILES })) as RunFiles;
    await settle();
    const clicked: HTMLAnchorElement[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    (shadow(el).querySelectorAll('button')[1] as HTMLButtonElement).click();
    await settle();
    await settle();
    expect(api.artifact).toHaveBeenCalledWith('run-1', 'data.csv');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.download).toBe('data.csv');
    // Handed over as bytes with no type the browser could render.
    expect(made.at(-1)?.type).toBe('application/octet-stream');
    click.mockRestore();
  });
});
