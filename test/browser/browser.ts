/**
 * Shared set-up for the browser tests: Debian's Chromium driven by
 * playwright-core (never a downloaded browser), the web app built fresh, and
 * screenshots kept under test-artifacts/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT_DIR, startStack, type TestStack, type TestStackOptions } from '../support/stack';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT_DIR, 'test-artifacts', 'screenshots');

/** Fails loudly (never skips) when Chromium is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The browser tests need Debian's Chromium: ` +
        'run `apt-get install -y chromium fonts-noto-cjk` (.ci/run installs it).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Checks web/dist is there: jest's global setup (test/support/global-setup.js) builds it once per run. */
export function buildWebApp(): void {
  if (!existsSync(join(ROOT_DIR, 'web', 'dist', 'index.html'))) {
    execFileSync(process.execPath, [join(ROOT_DIR, 'web', 'scripts', 'build.mjs')], { stdio: 'pipe' });
  }
}

export interface UserContext {
  context: BrowserContext;
  page: Page;
  /** Browser errors seen on the page (uncaught exceptions, console errors). */
  errors: string[];
}

/** A fresh browser profile (so a new guest) in a language and time zone. */
export async function newUser(
  browser: Browser,
  opts: { locale: 'ko-KR' | 'en-US'; timezoneId: string; width?: number; height?: number },
): Promise<UserContext> {
  const context = await browser.newContext({
    locale: opts.locale,
    timezoneId: opts.timezoneId,
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 860 },
    colorScheme: 'light',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, errors };
}

/** Saves a full-page screenshot under test-artifacts/screenshots/. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The guest session the page is using (the local stack keeps it in localStorage). */
export async function guestOf(page: Page): Promise<{ uid: string; idToken: string }> {
  const raw = await page.evaluate(() => localStorage.getItem('ap.guest'));
  if (!raw) throw new Error('The page has no guest session');
  return JSON.parse(raw);
}

/** The browser and the local stack of one test file (live bindings, set by `useBrowserStack`). */
export let browser: Browser;
export let stack: TestStack;

/** Launches Chromium and the local stack before the file's tests and stops both after them. */
export function useBrowserStack(options: TestStackOptions = {}): void {
  beforeAll(async () => {
    browser = await launchChromium();
    buildWebApp();
    stack = await startStack(options);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
}

/** Sends one chat message through the composer (labelled `label`) and waits until the designer's turn is over. */
export async function send(page: Page, text: string, label: string): Promise<void> {
  const box = page.getByRole('textbox', { name: label });
  await box.fill(text);
  await box.press('Enter');
  // The composer shows a spinner while the turn runs; it clears when the reply is complete.
  await page
    .locator('chat-composer .spinner')
    .waitFor({ state: 'attached', timeout: 5_000 })
    .catch(() => {});
  await page.locator('chat-composer .spinner').waitFor({ state: 'detached', timeout: 60_000 });
}
