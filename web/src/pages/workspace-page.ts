import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import { ApiError } from '../data/errors';
import { type FirstTurn, isStartedBy } from '../data/first-turn';
import { conversationQuery, messagesQuery, newestConversationQuery } from '../data/queries';
import { type AgentSpec, type ChatMessage, type Conversation, isInterrupted, type MessagePart } from '../data/types';
import type { AppEvent } from '../events';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { navigate } from '../state/router';
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
 * and the current draft beside it, ready to test-run and save.
 */
@customElement('workspace-page')
export class WorkspacePage extends LitElement {
  static override styles = [
    shared,
    css`
      .layout { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 24px; align-items: start; }
      .chat { display: grid; gap: 16px; min-height: calc(100vh - 140px); grid-template-rows: auto 1fr auto; }
      .intro p { margin-top: 6px; }
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
  @state() private _sending = false;
  @state() private _pendingText: string | null = null;
  @state() private _sentAt = '';
  /** The first message of a new conversation while its turn runs (its id is not known yet). */
  @state() private _firstTurn: FirstTurn | null = null;
  @state() private _turnDraft: AgentSpec | null = null;
  @state() private _testRuns: string[] = [];
  @state() private _testing = false;
  @state() private _saving = false;
  @query('chat-composer') private _composer!: ChatComposer;

  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _messages = new LiveQueryController<ChatMessage>(this, () =>
    this.conversationId ? messagesQuery(client().session.uid, this.conversationId) : null,
  );
  private readonly _conversation = new LiveQueryController<Conversation>(this, () =>
    this.conversationId ? conversationQuery(client().session.uid, this.conversationId) : null,
  );
  // The POST answers only when the whole first reply is written; the conversation exists from the
  // start of the turn, so watching the newest one lets the reply stream in from its first words.
  private readonly _newest = new LiveQueryController<Conversation>(this, () =>
    this._firstTurn && !this.conversationId ? newestConversationQuery(client().session.uid) : null,
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Adopt the conversation the first message started as soon as it shows up (before the
    // controllers resubscribe in this same update, so its messages are watched right away).
    const newest = this._newest.doc;
    if (this._firstTurn && !this.conversationId && newest && isStartedBy(newest, this._firstTurn)) {
      this.conversationId = newest.id;
      navigate(`/chat/${encodeURIComponent(newest.id)}`, true);
    }
    // A different conversation (not the one this page just created) starts clean.
    if (changed.has('conversationId') && !this._sending) {
      this._turnDraft = null;
      this._testRuns = [];
    }
  }

  protected override updated(): void {
    // Keep the newest text in view while the reply grows, unless the user scrolled up to read.
    const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 240;
    if (this._sending && nearBottom) window.scrollTo({ top: document.documentElement.scrollHeight });
  }

  /** The newest draft part: the draft and the designer's cost estimate for it. */
  private get _draftPart(): Extract<MessagePart, { type: 'agent_draft' }> | undefined {
    return [...this._messages.value]
      .reverse()
      .flatMap((msg) => [...(msg.parts ?? [])].reverse())
      .find((p): p is Extract<MessagePart, { type: 'agent_draft' }> => p.type === 'agent_draft');
  }

  private get _draft(): AgentSpec | null {
    return this._conversation.doc?.draft ?? this._turnDraft ?? this._draftPart?.data.draft ?? null;
  }

  private async _onSend(e: AppEvent<'ap-send'>) {
    const text = e.detail.text;
    this._sending = true;
    this._pendingText = text;
    this._sentAt = new Date(Date.now() - 2000).toISOString();
    this._firstTurn = this.conversationId ? null : { text, sentAtMs: Date.now() };
    try {
      const turn = await client().api.chat(text, this.conversationId ? { conversationId: this.conversationId } : {});
      if (turn.draft) this._turnDraft = turn.draft;
      if (turn.conversationId !== this.conversationId) {
        this.conversationId = turn.conversationId;
        navigate(`/chat/${encodeURIComponent(turn.conversationId)}`, true);
      }
    } catch (err) {
      notifyError(err);
      this._composer?.fill(text);
      // The turn began and is stored with its error reply: show that conversation, so the person goes on in it.
      if (err instanceof ApiError && err.conversationId && err.conversationId !== this.conversationId) {
        this.conversationId = err.conversationId;
        navigate(`/chat/${encodeURIComponent(err.conversationId)}`, true);
      }
    } finally {
      this._sending = false;
      this._pendingText = null;
      this._firstTurn = null;
    }
  }

  private async _onTestRun() {
    if (!this.conversationId) return;
    this._testing = true;
    try {
      const { executionId } = await client().api.testRun(this.conversationId);
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
      const agent = await client().api.saveDraft(this.conversationId);
      notify('success', t().saved(agent.name));
      navigate('/');
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
    return this._sending && !last.state && last.timestamp >= this._sentAt ? last : undefined;
  }

  private _statusText(streaming: ChatMessage | undefined): string {
    const status = streaming?.parts?.filter((p) => p.type === 'status').at(-1);
    return status?.type === 'status' ? status.data.text : t().thinking;
  }

  override render() {
    const m = t();
    const messages = this._messages.value;
    const streaming = this._streaming(messages);
    const lastUser = messages.filter((x) => x.role === 'user').at(-1);
    // In a conversation this first turn started, any user message is the one sent (whatever the server's clock).
    const sentShown = lastUser && (lastUser.timestamp >= this._sentAt || this._firstTurn !== null);
    const showPending = this._pendingText !== null && !sentShown;
    const inParts = new Set(
      messages.flatMap((x) => x.parts ?? []).flatMap((p) => (p.type === 'test_run' ? [p.data.executionId] : [])),
    );
    const draft = this._draft;
    const empty = messages.length === 0 && !showPending;
    return html`<div class="layout">
      <section class="chat" aria-labelledby="ws-title">
        <div class="intro">
          <h1 id="ws-title">${m.wsTitle}</h1>
          <p class="muted">${m.wsIntro}</p>
          ${client().offlineModel ? html`<p class="notice">${m.offlineNotice}</p>` : nothing}
        </div>
        <div class="log" role="log" aria-live="polite" aria-relevant="additions text" aria-label=${m.wsTitle}>
          ${messages.map((msg) => html`<chat-message .message=${msg} ?streaming=${msg === streaming}></chat-message>`)}
          ${showPending ? html`<chat-message .message=${{ id: 'pending', role: 'user', content: this._pendingText ?? '', timestamp: this._sentAt }}></chat-message>` : nothing}
          ${this._testRuns.filter((id) => !inParts.has(id)).map((id) => html`<test-run-card .executionId=${id}></test-run-card>`)}
          ${
            empty
              ? html`<div class="examples">
                  <span class="label">${m.wsExamplesLabel}</span>
                  ${m.wsExamples.map((ex) => html`<button class="btn example" @click=${() => this._composer.fill(ex)}>${ex}</button>`)}
                </div>`
              : nothing
          }
          ${this._messages.error ? html`<p class="field-error">${this._messages.error.message}</p>` : nothing}
        </div>
        <div class="bottom">
          <p class="status" role="status" aria-live="polite">
            ${this._sending || streaming ? html`<span class="spinner" aria-hidden="true"></span><span class="visually-hidden">${m.designerWorking}: </span>${this._statusText(streaming)}` : nothing}
          </p>
          <chat-composer ?busy=${this._sending} @ap-send=${this._onSend}></chat-composer>
        </div>
      </section>
      <aside class=${draft ? '' : 'empty'} aria-label=${m.draftTitle}>
        <draft-card
          .draft=${draft}
          .estimate=${this._draftPart?.data.estimate ?? null}
          ?testing=${this._testing}
          ?saving=${this._saving}
          ?disabled=${this._sending || !this.conversationId}
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
