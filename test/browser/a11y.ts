/**
 * What the browser tests check beyond a page's words: axe-core's accessibility
 * rules (injected from node_modules, never fetched), keyboard focus through
 * shadow roots, what is in view, and a page's width on a narrow screen.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';

// Evaluated through the DevTools protocol: the app's Content-Security-Policy rightly refuses inline scripts.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the whole page (it walks open shadow roots) and returns the
 * serious and critical violations, each with the elements it found.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
      }));
  });
}

/** A short description of the focused element, through shadow roots: its tag, label, text and placeholder. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    const parts = [
      el.tagName.toLowerCase(),
      el.getAttribute('aria-label') ?? '',
      (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 120),
      el.getAttribute('placeholder') ?? '',
    ];
    return parts.join(' | ');
  });
}

/** Presses Tab until the focused element's description matches, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, what: string | RegExp, max = 80): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (typeof what === 'string' ? now.includes(what) : what.test(now)) return;
  }
  throw new Error(`Tab never reached ${String(what)}; focus went through:\n${seen.join('\n')}`);
}

/** True when the element's box is (at least partly, `share` of its height) inside the viewport. */
export async function inView(locator: Locator, share = 0.3): Promise<boolean> {
  return locator.evaluate((el, part) => {
    const box = el.getBoundingClientRect();
    const visible = Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
    return visible > 0 && visible >= Math.min(box.height, window.innerHeight) * part;
  }, share);
}

/** How far the page is wider than the viewport (0 or less: no sideways scrolling). */
export function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
