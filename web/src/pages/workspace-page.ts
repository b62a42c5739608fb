import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import { ApiError } from '../data/errors';
import { agentQuery, conversationQuery, messagesQuery } from '../data/queries';
import {
  type Agent,
  type AgentSpec,
  type ChatMessage,
  type Conversation,
  isInterrupted,
  type MessagePart,
} from '../data/types';
import type { AppEvent } from '../events';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { setPageMeta } from '../state/page-meta';
import { agentPath, chatPath, navigate } from '../state/router';
import { shared } from '../styles/shared';
import type { ChatComposer } from '../ui/chat-composer';
import { notify, notifyError } from '../ui/notifier';
import '../ui/chat-composer';
import '../ui/chat-message';
import '../ui/draft-card';
import '../ui/test-run-card';

/**
 * The agent designer: a chat whose replies stream in through the live query on
 * the conversation's messages, a status line for what the designer is doing,
 * and the current draft beside it, ready to test-run and save. Opened for an
 * existing agent (`/agents/<id>/chat`), the conversation changes that agent and
 * saving updates it.
 */
@customElement('workspace-page')
export class WorkspacePage extends LitElement {
  static override styles = [
    shared,
    css`
      .layout { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 24px; align-items: start; }
      .chat { display: grid; gap: 16px; min-height: calc(100vh - 140px); grid-template-rows: auto 1fr auto; }
      .intro p { margin-top: 6px; }
      .back { display: inline-block; margin-bottom: 8px; overflow-wrap: anywhere; }
      .notice {
        margin-top: 12px; padding: 9px 12px; border-radius: var(--ap-radius-sm); font-size: 0.88rem;
        background: var(--ap-warning-soft); color: var(--ap-warning);
      }
      .log { display: flex; flex-direction: column; gap: 14px; }
      .examples { display: grid; gap: 8px; margin-top: 4px; }
      .examples .label { font-size: 0.8rem; color: var(--ap-text-3); font-weight: 650; }
      .example {
        text-align: left; justify-content: flex-start; white-space: normal; height: auto; padding: 10px 14px;
        font-weight: 500; color: var(--ap-text-2); line-height: 1.45;
      }
      .bottom { position: sticky; bottom: 0; padding: 10px 0 12px; background: linear-gradient(transparent, var(--ap-bg) 22%); }
      .status {
        display: flex; align-items: center; gap: 8px; margin: 0 0 8px 4px; font-size: 0.88rem; color: var(--ap-accent); font-weight: 600;
        min-height: 1.4em;
      }
      aside { position: sticky; top: 76px; display: grid; gap: 12px; }
      .missing { padding: 40px 20px; display: grid; gap: 12px; justify-items: center; text-align: center; }
      @media (max-width: 980px) {
        .layout { grid-template-columns: minmax(0, 1fr); }
        aside { position: static; order: -1; }
        aside.empty { display: none; }
        .chat { min-height: auto; }
      }
    `,
  ];

  /** The conversation to continue; null starts a new one with the first message. */
  @property({ attribute: false }) conversationId: string | null = null;
  /** The agent a new conversation is to change (from the URL); null designs a new agent. */
  @property({ attribute: false }) agentId: string | null = null;
  @state() private _sending = false;
  @state() private _pendingText: string | null = null;
  @state() private _sentAt = '';
  /** The reply the last message started, until the live messages show it finished. */
  @state() private _awaitedReply: string | null = null;
  @state() private _testRuns: string[] = [];
  @state() private _testing = false;
  @state() private _saving = false;
  /**
   * The conversation this page's first message started and the agent it changes: the URL
   * loses the agent id when it becomes `/chat/<id>`, before the conversation itself is read.
   */
  @state() private _started: { conversationId: string; agentId: string | null } | null = null;
  @query('chat-composer') private _composer!: ChatComposer;
  /** A test run started here: the page follows it until its result is in view. */
  private _followRun: string | null = null;
  /** How many messages were shown at the last update, to bring new ones into view. */
  private _shownCount = -1;

  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _messages = new LiveQueryController<ChatMessage>(this, () =>
    this.conversationId ? messagesQuery(client().session.uid, this.conversationId) : null,
  );
  private readonly _conversation = new LiveQueryController<Conversation>(this, () =>
    this.conversationId ? conversationQuery(client().session.uid, this.conversationId) : null,
  );
  private readonly _agent = new LiveQueryController<Agent>(this, () => {
    const id = this._editedAgentId;
    return id ? agentQuery(client().session.uid, id) : null;
  });

  /** The agent this conversation changes, or null when it designs a new one. */
  private get _editedAgentId(): string | null {
    if (!this.conversationId) return this.agentId;
    const conversation = this._conversation.doc;
    if (conversation) return conversation.agentId ?? null;
    return this._started?.conversationId === this.conversationId ? this._started.agentId : null;
  }

  /** Shows the conversation this page's first message started, under its own URL. */
  private _adopt(conversationId: string, agentId: string | null) {
    this.conversationId = conversationId;
    this._started = { conversationId, agentId };
    navigate(chatPath(conversationId), true);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A different conversation (not the one this page just started) starts clean.
    const startedHere = this._started?.conversationId === this.conversationId;
    if (changed.has('conversationId') && !this._sending && !startedHere) {
      this._awaitedReply = null;
      this._testRuns = [];
      this._followRun = null;
      this._shownCount = -1;
    }
  }

  /**
   * True while the designer is answering: the message is being sent, or the reply it
   * started (or one found streaming after a reload) is still being written. The person
   * waits for it before sending again, testing or saving.
   */
  private get _replying(): boolean {
    if (this._sending) return true;
    // Until the conversation is read (a reload mid-reply), what the designer is doing is not known yet.
    if (this.conversationId && (this._messages.pending || this._conversation.pending)) return true;
    const messages = this._messages.value;
    if (this._streaming(messages)) return true;
    // The conversation holds a turn's lease while the designer answers, whatever the messages show so far.
    const lease = this._conversation.doc?.turnLeaseUntil;
    const last = messages.at(-1);
    if (lease && Date.parse(lease) > Date.now() && !(last && isInterrupted(last))) {
      if (last?.role !== 'assistant' || last.state === 'streaming') return true;
    }
    // The reply the server promised, before the live messages have shown it.
    return this._awaitedReply !== null && !messages.some((m) => m.id === this._awaitedReply);
  }

  protected override updated(): void {
    setPageMeta({
      title: this._missing ? t().conversationNotFound : this._editedAgentId ? t().editWithDesigner : t().wsTitle,
      section: this._editedAgentId ? 'dashboard' : 'new',
    });
    const count = this._messages.pending ? -1 : this._messages.value.length;
    const before = this._shownCount;
    this._shownCount = count;
    // A reopened conversation opens at its end; a new message (the person's or the designer's) comes into view.
    if (count > 0 && count !== before) {
      if (before === -1) this._pinToEnd();
      else void this.updateComplete.then(() => this._scrollToEnd('smooth'));
      return;
    }
    // Keep the newest text in view while the reply grows, unless the user scrolled up to read.
    const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 240;
    if (this._replying && nearBottom) window.scrollTo({ top: document.documentElement.scrollHeight });
  }

  private _scrollToEnd(behavior: ScrollBehavior) {
    window.scrollTo({ top: document.documentElement.scrollHeight, behavior });
  }

  private _unpin: (() => void) | null = null;

  /**
   * Opens a reopened conversation at its end and keeps it there while what is above
   * finishes loading (the draft, test results: each reads its own documents), until
   * the person scrolls or a couple of seconds pass.
   */
  private _pinToEnd() {
    this._unpin?.();
    const layout = this.renderRoot.querySelector('.layout');
    if (!layout) return;
    const follow = new ResizeObserver(() => this._scrollToEnd('instant'));
    follow.observe(layout);
    const stop = () => this._unpin?.();
    const timer = setTimeout(stop, 2500);
    const events = ['wheel', 'touchstart', 'keydown'] as const;
    for (const type of events) window.addEventListener(type, stop, { once: true, passive: true });
    this._unpin = () => {
      follow.disconnect();
      clearTimeout(timer);
      for (const type of events) window.removeEventListener(type, stop);
      this._unpin = null;
    };
    this._scrollToEnd('instant');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unpin?.();
  }

  /** A test run's card reports its status: the run started here is brought into view, and its result when it ends. */
  private _onRunStatus(e: AppEvent<'ap-run-status'>) {
    if (e.detail.executionId !== this._followRun) return;
    const card = e.composedPath()[0] as HTMLElement;
    const done = e.detail.status === 'success' || e.detail.status === 'failed';
    card.scrollIntoView({ block: done ? 'start' : 'nearest', behavior: 'smooth' });
    if (done) this._followRun = null;
  }

  /** The conversation in the URL does not exist, or is someone else's (which must look the same). */
  private get _missing(): boolean {
    if (!this.conversationId || this._started?.conversationId === this.conversationId) return false;
    if (this._conversation.error?.code === 'permission_denied') return true;
    return !this._conversation.pending && !this._conversation.error && !this._conversation.doc;
  }

  /** The newest draft part: the draft and the designer's cost estimate for it. */
  private get _draftPart(): Extract<MessagePart, { type: 'agent_draft' }> | undefined {
    return [...this._messages.value]
      .reverse()
      .flatMap((msg) => [...(msg.parts ?? [])].reverse())
      .find((p): p is Extract<MessagePart, { type: 'agent_draft' }> => p.type === 'agent_draft');
  }

  private get _draft(): AgentSpec | null {
    const draft = this._conversation.doc?.draft ?? this._draftPart?.data.draft ?? null;
    // Before the first message about an agent, its draft is the agent as it is now.
    return draft ?? (this.conversationId ? null : (this._agent.doc ?? null));
  }

  private async _onSend(e: AppEvent<'ap-send'>) {
    const text = e.detail.text;
    this._sending = true;
    this._pendingText = text;
    this._sentAt = new Date(Date.now() - 2000).toISOString();
    // Only the first message says which agent it is about; the conversation remembers it.
    const agentId = this.conversationId ? null : this.agentId;
    try {
      // Answered as soon as the message is stored; the reply then streams in through the live messages.
      const turn = await client().api.chat(
        text,
        this.conversationId ? { conversationId: this.conversationId } : agentId ? { agentId } : {},
      );
      this._awaitedReply = turn.messageId;
      if (turn.conversationId !== this.conversationId) this._adopt(turn.conversationId, agentId);
    } catch (err) {
      notifyError(err);
      this._composer?.fill(text);
      // The turn began and is stored with its error reply: show that conversation, so the person goes on in it.
      if (err instanceof ApiError && err.conversationId && err.conversationId !== this.conversationId) {
        this._adopt(err.conversationId, agentId);
      }
    } finally {
      this._sending = false;
      this._pendingText = null;
    }
  }

  private async _onTestRun() {
    if (!this.conversationId) return;
    this._testing = true;
    try {
      const { executionId } = await client().api.testRun(this.conversationId);
      this._followRun = executionId;
      this._testRuns = [...this._testRuns, executionId];
    } catch (err) {
      notifyError(err);
    } finally {
      this._testing = false;
    }
  }

  private async _onSave() {
    if (!this.conversationId) return;
    this._saving = true;
    try {
      const editing = this._editedAgentId !== null;
      const agent = await client().api.saveDraft(this.conversationId);
      // A change goes back to the agent it changed (the id can differ if that agent was deleted meanwhile).
      notify('success', editing ? t().agentUpdated(agent.name) : t().saved(agent.name));
      navigate(editing ? agentPath(agent.id) : '/');
    } catch (err) {
      notifyError(err);
    } finally {
      this._saving = false;
    }
  }

  /** The designer's reply being written right now, if any (also after a reload mid-reply). */
  private _streaming(messages: ChatMessage[]): ChatMessage | undefined {
    const last = messages.at(-1);
    if (last?.role !== 'assistant') return undefined;
    if (last.state === 'streaming') return isInterrupted(last) ? undefined : last;
    // Documents written before replies had a state: the newest reply to what was just sent.
    const waiting = this._sending || this._awaitedReply !== null;
    return waiting && !last.state && last.timestamp >= this._sentAt ? last : undefined;
  }

  private _statusText(streaming: ChatMessage | undefined): string {
    const status = streaming?.parts?.filter((p) => p.type === 'status').at(-1);
    return status?.type === 'status' ? status.data.text : t().thinking;
  }

  /** The way back to the agent being changed, by its name; a notice when it is gone. */
  private _editedAgentLink() {
    const m = t();
    const id = this._editedAgentId;
    const agent = this._agent.doc;
    if (!id) return nothing;
    if (this._agent.pending) return html`<a class="back" href=${agentPath(id)}>← …</a>`;
    if (!agent)
      return html`<a class="back" href="/">← ${m.back}</a><p class="field-error" role="alert">${m.notFound}</p>`;
    return html`<a class="back" href=${agentPath(id)}>← ${agent.name}</a>`;
  }

  override render() {
    const m = t();
    if (this._missing) {
      return html`<section class="card missing" aria-labelledby="ws-missing">
        <h1 id="ws-missing">${m.conversationNotFound}</h1>
        <p class="muted">${m.conversationNotFoundBody}</p>
        <a class="btn primary" href="/new">${m.startNewConversation}</a>
      </section>`;
    }
    const messages = this._messages.value;
    const streaming = this._streaming(messages);
    const lastUser = messages.filter((x) => x.role === 'user').at(-1);
    // Once the turn is stored, the user message shown is the one sent (whatever the server's clock).
    const sentShown = lastUser && (lastUser.timestamp >= this._sentAt || this._awaitedReply !== null);
    const showPending = this._pendingText !== null && !sentShown;
    const inParts = new Set(
      messages.flatMap((x) => x.parts ?? []).flatMap((p) => (p.type === 'test_run' ? [p.data.executionId] : [])),
    );
    const draft = this._draft;
    const empty = messages.length === 0 && !showPending;
    const editing = this._editedAgentId !== null;
    const title = editing ? m.editWithDesigner : m.wsTitle;
    const examples = editing ? m.wsEditExamples : m.wsExamples;
    return html`<div class="layout" @ap-run-status=${this._onRunStatus}>
      <section class="chat" aria-labelledby="ws-title">
        <div class="intro">
          ${editing ? this._editedAgentLink() : nothing}
          <h1 id="ws-title">${title}</h1>
          <p class="muted">${editing ? m.wsEditIntro(this._agent.doc?.name ?? '…') : m.wsIntro}</p>
          ${client().offlineModel ? html`<p class="notice">${m.offlineNotice}</p>` : nothing}
        </div>
        <div class="log" role="log" aria-live="polite" aria-relevant="additions text" aria-label=${title}>
          ${messages.map((msg) => html`<chat-message .message=${msg} ?streaming=${msg === streaming}></chat-message>`)}
          ${showPending ? html`<chat-message .message=${{ id: 'pending', role: 'user', content: this._pendingText ?? '', timestamp: this._sentAt }}></chat-message>` : nothing}
          ${this._testRuns.filter((id) => !inParts.has(id)).map((id) => html`<test-run-card .executionId=${id}></test-run-card>`)}
          ${
            empty
              ? html`<div class="examples">
                  <span class="label">${m.wsExamplesLabel}</span>
                  ${examples.map((ex) => html`<button class="btn example" @click=${() => this._composer.fill(ex)}>${ex}</button>`)}
                </div>`
              : nothing
          }
          ${this._messages.error ? html`<p class="field-error">${this._messages.error.message}</p>` : nothing}
        </div>
        <div class="bottom">
          <p class="status" role="status" aria-live="polite">
            ${this._replying ? html`<span class="spinner" aria-hidden="true"></span><span class="visually-hidden">${m.designerWorking}: </span>${this._statusText(streaming)}` : nothing}
          </p>
          <chat-composer ?busy=${this._replying} ?editing=${Boolean(this._editedAgentId)} @ap-send=${this._onSend}></chat-composer>
        </div>
      </section>
      <aside class=${draft ? '' : 'empty'} aria-label=${m.draftTitle}>
        <draft-card
          .draft=${draft}
          .estimate=${this._draftPart?.data.estimate ?? null}
          ?testing=${this._testing}
          ?saving=${this._saving}
          ?disabled=${this._replying || !this.conversationId}
          ?editing=${editing}
          @ap-test-run=${this._onTestRun}
          @ap-save=${this._onSave}
        ></draft-card>
      </aside>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workspace-page': WorkspacePage;
  }
}
