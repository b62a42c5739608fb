import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createApi } from './data/api';
import { client, onClientChange, setClient } from './data/client';
import { connect } from './data/connect';
import { lib } from './i18n/library';
import { t } from './i18n/messages';
import { getLocale, type Locale, LocaleController, setLocale } from './state/locale';
import { type NavSection, onPageMetaChange, pageMeta } from './state/page-meta';
import { navigate, type Route, RouterController } from './state/router';
import { shared } from './styles/shared';
import { linkNotice } from './ui/link-notice';
import { notify, notifyError } from './ui/notifier';
import './pages/dashboard-page';
import './ui/toast-stack';

// Pages past the first screen load on demand, so the dashboard's JavaScript stays small.
const lazyPages = {
  workspace: () => import('./pages/workspace-page'),
  agent: () => import('./pages/agent-page'),
  usage: () => import('./pages/usage-page'),
  library: () => import('./pages/library-page'),
  templates: () => import('./pages/templates-page'),
} as const;

/**
 * The app frame: starts the session (no form: a guest at first visit), holds the
 * header with navigation, language and account, and shows the page for the URL.
 */
@customElement('app-shell')
export class AppShell extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: flex; flex-direction: column; min-height: 100vh; }
      .skip { position: absolute; left: -999px; top: 8px; z-index: 60; }
      .skip:focus { left: 8px; }
      header {
        position: sticky; top: 0; z-index: 20; backdrop-filter: saturate(1.4) blur(10px);
        background: color-mix(in srgb, var(--ap-bg) 97%, transparent); border-bottom: 1px solid var(--ap-border);
      }
      .bar {
        max-width: 1180px; margin: 0 auto; padding: 10px 20px; display: flex; align-items: center; gap: 18px;
      }
      .brand { display: flex; align-items: center; gap: 9px; font-weight: 750; color: var(--ap-text); text-decoration: none; letter-spacing: -0.01em; }
      .logo {
        width: 28px; height: 28px; border-radius: 8px; display: grid; place-items: center; color: #fff; font-size: 15px;
        background: linear-gradient(135deg, #6d5dfc, #4f46e5 55%, #2563eb);
      }
      nav { display: flex; gap: 2px; }
      nav a {
        padding: 6px 11px; border-radius: 8px; color: var(--ap-text-2); text-decoration: none; font-weight: 600; font-size: 0.92rem;
      }
      nav a:hover { color: var(--ap-text); background: var(--ap-surface-2); }
      nav a[aria-current='page'] { color: var(--ap-text); background: var(--ap-surface-2); }
      .spacer { flex: 1; }
      .tools { display: flex; align-items: center; gap: 8px; }
      select.lang { width: auto; padding: 5px 8px; font-size: 0.88rem; }
      .who { font-size: 0.85rem; color: var(--ap-text-2); display: flex; gap: 8px; align-items: center; }
      main { flex: 1; width: 100%; max-width: 1180px; margin: 0 auto; padding: 24px 20px 64px; outline: none; }
      .center { display: grid; place-items: center; gap: 14px; min-height: 50vh; text-align: center; }
      @media (max-width: 720px) {
        .bar { flex-wrap: wrap; gap: 8px 12px; padding: 8px 12px; }
        nav { order: 3; width: 100%; flex-wrap: wrap; }
        nav a { white-space: nowrap; padding: 6px 9px; }
        .brand-name { display: none; }
        /* Hidden from sight but not from screen readers: the button keeps its name. */
        .link-label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        main { padding: 16px 12px 56px; }
      }
    `,
  ];

  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _router = new RouterController(this);
  @state() private _ready = false;
  @state() private _bootError: string | null = null;
  @state() private _loaded = new Set<string>();
  private _offClient: (() => void) | null = null;
  private _offMeta: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = getLocale();
    this.addEventListener('click', this._onClick);
    this._offClient = onClientChange(() => this.requestUpdate());
    this._offMeta = onPageMetaChange(() => this.requestUpdate());
    void this._start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('click', this._onClick);
    this._offClient?.();
    this._offMeta?.();
  }

  private async _start() {
    this._bootError = null;
    try {
      const backend = await connect();
      const session = await backend.start();
      const offlineModel =
        backend.mode === 'local'
          ? await fetch('/__local/health')
              .then((r) => r.json())
              .then((h: { offlineModel?: boolean }) => h.offlineModel === true)
              .catch(() => false)
          : false;
      setClient({ backend, api: createApi(backend), session, offlineModel });
      this._ready = true;
    } catch (err) {
      this._bootError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Same-origin links navigate in place (links inside shadow roots included). */
  private readonly _onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    const href = a?.getAttribute('href');
    if (!a || !href?.startsWith('/') || a.target) return;
    e.preventDefault();
    navigate(href);
  };

  override updated(changed: Map<string, unknown>): void {
    const page = this._router.route.page;
    if (page !== 'dashboard' && !this._loaded.has(page)) {
      lazyPages[page]()
        .then(() => {
          this._loaded = new Set([...this._loaded, page]);
        })
        .catch(notifyError);
    }
    if (!changed.has('_loaded')) this._focusMain();
    const title = pageMeta()?.title ?? titleOf(this._router.route);
    document.title = title ? t().pageTitle(title) : t().appName;
  }

  private _lastPath = '';
  // Move focus to the new page's content so screen readers announce it after navigation.
  private _focusMain() {
    const path = location.pathname;
    if (path === this._lastPath) return;
    const first = this._lastPath === '';
    this._lastPath = path;
    if (!first) this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  private _onLocale(e: Event) {
    setLocale((e.target as HTMLSelectElement).value as Locale);
  }

  private async _onLink() {
    const c = client();
    try {
      const outcome = await c.backend.linkGoogle();
      setClient({ ...c, session: outcome.session });
      const notice = linkNotice(outcome);
      notify(notice.kind, notice.text);
    } catch (err) {
      notifyError(err);
    }
  }

  private _page() {
    const route = this._router.route;
    if (route.page === 'dashboard') return html`<dashboard-page></dashboard-page>`;
    if (!this._loaded.has(route.page)) return html`<div class="center faint" aria-busy="true">${t().loading}</div>`;
    switch (route.page) {
      case 'workspace':
        return html`<workspace-page
          .conversationId=${route.conversationId ?? null}
          .agentId=${route.agentId ?? null}
        ></workspace-page>`;
      case 'agent':
        return html`<agent-page .agentId=${route.agentId}></agent-page>`;
      case 'usage':
        return html`<usage-page></usage-page>`;
      case 'library':
        return html`<library-page></library-page>`;
      case 'templates':
        return html`<templates-page></templates-page>`;
    }
  }

  private _account() {
    if (!this._ready) return nothing;
    const { session, backend } = client();
    if (!session.isAnonymous) {
      return html`<span class="who">${t().linked(session.email ?? session.displayName ?? session.uid)}</span>`;
    }
    const title = backend.canLinkGoogle ? t().linkGoogle : t().linkGoogleLocal;
    return html`<span class="who">
      <span class="badge">${t().guest}</span>
      <button class="btn small" ?disabled=${!backend.canLinkGoogle} title=${title} @click=${this._onLink}>
        <span aria-hidden="true">G</span><span class="link-label">${t().linkGoogle}</span>
      </button>
    </span>`;
  }

  override render() {
    const m = t();
    const section = pageMeta()?.section ?? sectionOf(this._router.route);
    const current = (s: NavSection) => (section === s ? 'page' : undefined);
    return html`
      <a class="skip btn" href="#main" @click=${(e: Event) => {
        e.preventDefault();
        this.renderRoot.querySelector<HTMLElement>('main')?.focus();
      }}>${m.skipToContent}</a>
      <header>
        <div class="bar">
          <a class="brand" href="/"><span class="logo" aria-hidden="true">✦</span><span class="brand-name">${m.appName}</span></a>
          <nav aria-label=${m.navMain}>
            <a href="/" aria-current=${current('dashboard') ?? 'false'}>${m.navDashboard}</a>
            <a href="/new" aria-current=${current('new') ?? 'false'}>${m.navNew}</a>
            <a href="/conversations" aria-current=${current('library') ?? 'false'}>${lib().navLibrary}</a>
            <a href="/templates" aria-current=${current('templates') ?? 'false'}>${lib().navTemplates}</a>
            <a href="/usage" aria-current=${current('usage') ?? 'false'}>${m.navUsage}</a>
          </nav>
          <span class="spacer"></span>
          <div class="tools">
            <label class="visually-hidden" for="lang">${m.language}</label>
            <select id="lang" class="lang" @change=${this._onLocale}>
              <option value="ko" ?selected=${getLocale() === 'ko'}>한국어</option>
              <option value="en" ?selected=${getLocale() === 'en'}>English</option>
            </select>
            ${this._account()}
          </div>
        </div>
      </header>
      <main id="main" tabindex="-1">
        ${
          this._bootError
            ? html`<div class="center" role="alert">
                <h1>${m.startFailed}</h1>
                <p class="muted">${this._bootError}</p>
                <button class="btn primary" @click=${this._start}>${m.retry}</button>
              </div>`
            : this._ready
              ? this._page()
              : html`<div class="center faint" aria-busy="true">${m.starting}</div>`
        }
      </main>
      <toast-stack></toast-stack>
    `;
  }
}

/** The tab's title of a route before its page says otherwise. */
function titleOf(route: Route): string {
  const m = t();
  if (route.page === 'dashboard') return m.dashTitle;
  if (route.page === 'usage') return m.usageTitle;
  if (route.page === 'library') return lib().libraryTitle;
  if (route.page === 'templates') return lib().templatesTitle;
  if (route.page === 'workspace' && !route.agentId) return m.wsTitle;
  return '';
}

/** The navigation item of a route before its page says otherwise: an agent and its designer are the dashboard's. */
function sectionOf(route: Route): NavSection {
  if (route.page === 'workspace') return route.agentId ? 'dashboard' : 'new';
  if (route.page === 'agent') return 'dashboard';
  return route.page;
}

declare global {
  interface HTMLElementTagNameMap {
    'app-shell': AppShell;
  }
}
