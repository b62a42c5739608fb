/**
 * The assistant's reply as it grows during a turn: finished parts (text
 * before a draft, the draft), the text being written, and the current status
 * line. The turn writes `parts(true)` while it runs (the status shows what is
 * happening) and `parts(false)` when it ends.
 */
import type { DraftPartData, MessagePart, StatusPartData } from '@agent-platform/core/chat';

export class ReplyBuilder {
  private readonly done: MessagePart[] = [];
  private text = '';
  private paragraphBreak = false;
  private status: MessagePart | null;

  constructor(initialStatus: MessagePart | null) {
    this.status = initialStatus?.type === 'status' ? initialStatus : null;
  }

  setStatus(data: StatusPartData): void {
    this.status = { type: 'status', data };
  }

  /** Adds streamed text; true for the reply's first words (written at once, not throttled). */
  addText(delta: string): boolean {
    const first = this.text === '';
    if (this.paragraphBreak && this.text) this.text += '\n\n';
    this.paragraphBreak = false;
    this.text += delta;
    return first;
  }

  /** The next model call's text starts a new paragraph. */
  breakParagraph(): void {
    this.paragraphBreak = true;
  }

  /** Closes the text so far and adds the accepted draft after it. */
  addDraft(data: DraftPartData): void {
    this.closeText();
    this.done.push({ type: 'agent_draft', data });
  }

  /** The parts in order; with the status line while the turn runs, without it at the end. */
  parts(withStatus: boolean): MessagePart[] {
    return [
      ...this.done,
      ...(this.text ? [{ type: 'text' as const, data: { text: this.text } }] : []),
      ...(withStatus && this.status ? [this.status] : []),
    ];
  }

  /** The reply's text alone (the message's `content`). */
  content(): string {
    return this.parts(false)
      .flatMap((p) => (p.type === 'text' ? [p.data.text] : []))
      .join('\n\n');
  }

  private closeText(): void {
    if (this.text) this.done.push({ type: 'text', data: { text: this.text } });
    this.text = '';
    this.paragraphBreak = false;
  }
}
