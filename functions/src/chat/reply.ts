/**
 * The assistant's reply as it grows during a turn: finished parts (text
 * before a draft, the draft), the text being written, and the current status
 * line. The turn writes `parts(true)` while it runs (the status shows what is
 * happening) and `parts(false)` when it ends.
 *
 * A reply is one document, and Firestore holds at most 1 MiB per document
 * (https://cloud.google.com/firestore/quotas), which the local store enforces
 * too. Its text is stored twice (the message's `content` and its text parts),
 * so the text stops at `REPLY_TEXT_MAX_BYTES` with a note saying so, and only
 * the latest `REPLY_MAX_DRAFTS` drafts stay (each at most about 100 kB: the
 * agent schema bounds a prompt at 20,000 characters; the conversation keeps
 * the latest draft in any case). Text and drafts together stay under 900 kB.
 * Without the bound a long reply failed its final write and the turn with it.
 */
import type { DraftPartData, MessagePart, StatusPartData } from '@agent-platform/core/chat';

export const REPLY_TEXT_MAX_BYTES = 200_000;
export const REPLY_MAX_DRAFTS = 4;

const encoder = new TextEncoder();

export class ReplyBuilder {
  private readonly done: MessagePart[] = [];
  private text = '';
  private paragraphBreak = false;
  private status: MessagePart | null;
  /** UTF-8 bytes of every text part so far. */
  private textBytes = 0;
  private cut = false;

  /** @param cutNote what ends the text when it reaches its limit (in the conversation's language) */
  constructor(
    initialStatus: MessagePart | null,
    private readonly cutNote = '',
  ) {
    this.status = initialStatus?.type === 'status' ? initialStatus : null;
  }

  setStatus(data: StatusPartData): void {
    this.status = { type: 'status', data };
  }

  /** Adds streamed text; true for the reply's first words (written at once, not throttled). */
  addText(delta: string): boolean {
    const first = this.text === '';
    if (this.cut) return false;
    let piece = this.paragraphBreak && this.text ? `\n\n${delta}` : delta;
    this.paragraphBreak = false;
    const room = REPLY_TEXT_MAX_BYTES - this.textBytes - Buffer.byteLength(`\n\n${this.cutNote}`);
    const bytes = Buffer.byteLength(piece);
    if (bytes > room) {
      // Never split a character: encodeInto stops before one that does not fit.
      const { read } = encoder.encodeInto(piece, new Uint8Array(Math.max(0, room)));
      piece = `${piece.slice(0, read)}\n\n${this.cutNote}`;
      this.cut = true;
    }
    this.text += piece;
    this.textBytes += Buffer.byteLength(piece);
    return first;
  }

  /** The next model call's text starts a new paragraph. */
  breakParagraph(): void {
    this.paragraphBreak = true;
  }

  /** Closes the text so far and adds the accepted draft after it (dropping the oldest beyond the limit). */
  addDraft(data: DraftPartData): void {
    this.closeText();
    this.done.push({ type: 'agent_draft', data });
    const drafts = this.done.filter((p) => p.type === 'agent_draft');
    if (drafts.length > REPLY_MAX_DRAFTS) this.done.splice(this.done.indexOf(drafts[0] as MessagePart), 1);
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
