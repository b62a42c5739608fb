/**
 * What jsdom lacks for the web app's components, in the smallest stand-ins; it is
 * imported first by every component test, before any component module loads
 * (never changed in the components themselves):
 *
 * - `matchMedia`, `ResizeObserver`, and a 2D canvas context and `Path2D` that draw nothing (uPlot);
 * - `window.scrollTo` (the designer keeps the newest reply in view) and `performance.mark`
 *   (the dashboard marks its first render for the benchmark);
 * - the `<dialog>` methods (the agent page's delete confirmation);
 * - a short list of time zones: the schedule picker lists every zone the runtime knows
 *   (about 420), and jsdom builds such a `<select>` so slowly (~150 ms a render) that
 *   the tests would take minutes; the list is the picker's own fallback.
 */

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener() {},
      removeEventListener() {},
      addListener() {},
      removeListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

if (!globalThis.ResizeObserver) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

// Every 2D-context method does nothing; `measureText` answers a width, as uPlot sizes its axes with it.
const noCanvas = new Proxy(
  {},
  {
    get: (_target, key) => (key === 'measureText' ? () => ({ width: 10 }) : () => undefined),
    set: () => true,
  },
);
HTMLCanvasElement.prototype.getContext = (() => noCanvas) as unknown as HTMLCanvasElement['getContext'];

// uPlot builds its bars and lines as Path2D objects, which the canvas above never draws.
if (!globalThis.Path2D) {
  class NoPath {}
  Object.setPrototypeOf(NoPath.prototype, new Proxy({}, { get: () => () => undefined }));
  globalThis.Path2D = NoPath as unknown as typeof Path2D;
}

// The dashboard marks its first render with data for the benchmark; jsdom's Performance has no marks.
if (!performance.mark) performance.mark = (() => undefined) as unknown as Performance['mark'];

window.scrollTo = (() => {}) as typeof window.scrollTo;

if (!HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}

const FEW_ZONES = ['UTC', 'Asia/Seoul', 'America/New_York', 'Europe/London'];
const supportedValuesOf = Intl.supportedValuesOf;
Intl.supportedValuesOf = ((key: Parameters<typeof Intl.supportedValuesOf>[0]) =>
  key === 'timeZone' ? [...FEW_ZONES] : supportedValuesOf(key)) as typeof Intl.supportedValuesOf;

export {};
