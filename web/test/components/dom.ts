/**
 * Rendering Lit elements in jsdom for component tests (files that start with
 * `/** @jest-environment jsdom *\/` and `import './env'`), and reading them the
 * way a person does: the text shown, through nested shadow roots.
 */
import { setImmediate as nextTurn } from 'node:timers';
import type { ReactiveElement } from 'lit';
import type { Locale } from '../../src/state/locale';
import './env';

// ---- Rendering ---------------------------------------------------------------------------

afterEach(() => {
  // Disconnecting unsubscribes every live query and notice listener of the last test.
  document.body.replaceChildren();
});

/** Creates `tag`, sets its properties, puts it on the page and waits until it (and what it contains) rendered. */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const el = document.createElement(tag);
  Object.assign(el, props);
  document.body.append(el);
  await settle(el);
  return el;
}

const isLit = (el: Element): el is ReactiveElement => 'updateComplete' in el && 'isUpdatePending' in el;

/** `root` and every Lit element under it, through shadow roots. */
function litElements(root: Element): ReactiveElement[] {
  return [root, ...deepAll(root, '*')].filter(isLit);
}

/**
 * Waits until nothing is left to render: pending promises (fake API answers) settle,
 * and every nested element finished its update, repeatedly (a child renders after its parent).
 */
export async function settle(root: Element = document.body): Promise<void> {
  for (let round = 0; round < 20; round++) {
    // Node's own timer: never faked, and not held to setTimeout's 1 ms minimum.
    await new Promise((resolve) => nextTurn(resolve));
    const els = litElements(root);
    await Promise.all(els.map((el) => el.updateComplete));
    if (!litElements(root).some((el) => el.isUpdatePending)) return;
  }
  throw new Error('The element kept re-rendering');
}

/** The element's shadow root (every component here renders into one). */
export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot;
}

/** Every element matching `selector` under `root`, looking inside shadow roots too. */
export function deepAll<E extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): E[] {
  const out: E[] = [];
  const visit = (node: Element | ShadowRoot) => {
    // Sibling links rather than `children`: jsdom builds each HTMLCollection slowly.
    for (let child = node.firstElementChild; child; child = child.nextElementSibling) {
      if (child.matches(selector)) out.push(child as E);
      visit(child);
    }
    if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
  };
  visit(root);
  return out;
}

/** The first element matching `selector` under `root` (through shadow roots); fails when there is none. */
export function deep<E extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): E {
  const found = deepAll<E>(root, selector)[0];
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

const HIDDEN = new Set(['STYLE', 'SCRIPT', 'TEMPLATE']);
// Phrasing elements run on with the text around them; every other element is set apart by a space.
const INLINE = new Set(['A', 'ABBR', 'B', 'CODE', 'EM', 'I', 'MARK', 'S', 'SMALL', 'STRONG', 'SUB', 'SUP', 'U']);

/**
 * The text a person reads in `node`: what each component rendered in its shadow root
 * (none of them slot their children), whitespace collapsed.
 */
export function textOf(node: Node | null | undefined): string {
  const parts: string[] = [];
  const visit = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) {
      parts.push(n.textContent ?? '');
      return;
    }
    if (n instanceof Element) {
      if (HIDDEN.has(n.tagName)) return;
      if (n.shadowRoot) {
        parts.push(' ');
        visit(n.shadowRoot);
        parts.push(' ');
        return;
      }
    }
    for (const child of n.childNodes) visit(child);
    if (n instanceof Element && !INLINE.has(n.tagName)) parts.push(' ');
  };
  if (node) visit(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** The buttons under `root` (through shadow roots) whose text or label contains `name`. */
export function buttonsNamed(root: Element | ShadowRoot, name: string): HTMLButtonElement[] {
  return deepAll<HTMLButtonElement>(root, 'button').filter(
    (b) => textOf(b).includes(name) || (b.getAttribute('aria-label') ?? '').includes(name),
  );
}

/** The one button named `name` under `root`; fails when there is none or more than one. */
export function button(root: Element | ShadowRoot, name: string): HTMLButtonElement {
  const found = buttonsNamed(root, name);
  if (found.length !== 1) throw new Error(`${found.length} buttons named “${name}”`);
  return found[0]!;
}

/** Types into an input, textarea or select the way the browser reports it. */
export function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Changes an input or select and fires `change`. */
export function choose(field: HTMLInputElement | HTMLSelectElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Collects the `type` events dispatched on `target` (or bubbling up to it). */
export function events<D = unknown>(target: EventTarget, type: string): CustomEvent<D>[] {
  const got: CustomEvent<D>[] = [];
  target.addEventListener(type, (e) => got.push(e as CustomEvent<D>));
  return got;
}

// ---- Locales -----------------------------------------------------------------------------

/** Both languages, for `describe.each(LOCALES)`. */
export const LOCALES: readonly Locale[] = ['en', 'ko'];

/**
 * Freezes the clock (only `Date`; timers stay real) and moves it on a minute before each
 * test, so the notifier's rule of showing the same text once within a few seconds never
 * hides one test's notice because an earlier test showed the same words.
 */
export function useFrozenClock(): void {
  beforeEach(() => {
    frozenAt += 60_000;
    jest.useFakeTimers({ now: frozenAt, doNotFake: NOT_THE_CLOCK });
  });
  afterEach(() => {
    jest.useRealTimers();
  });
}

// One clock for the whole file: it only ever moves on.
let frozenAt = Date.now();

const NOT_THE_CLOCK: FakeableAPI[] = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];
type FakeableAPI = NonNullable<FakeTimersConfig['doNotFake']>[number];
