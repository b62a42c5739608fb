/**
 * Writes a growing document (the assistant's reply) at most every `intervalMs`,
 * so the web's live query shows the reply streaming without a write per token.
 * Firestore sustains about one write per second per document and tolerates
 * short bursts; a few writes a second for the length of a reply stays within that.
 */
import type { Store } from '@agent-platform/core/ports';
import { log } from '../shared/log';
import type { Collection, Patch } from '../store/collection';

export class ThrottledWriter<T> {
  private pending: Patch<T> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Writes issued so far (the bench reports them). */
  writes = 0;

  constructor(
    private readonly store: Store,
    private readonly collection: Collection<T>,
    private readonly id: string,
    private readonly intervalMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Records the latest state. It is written at once when the last write is older
   * than the interval (or `urgent`: the first words, a new status, a draft), else
   * when the interval ends; states in between are merged, only the newest written.
   */
  push(patch: Patch<T>, options: { urgent?: boolean } = {}): void {
    this.pending = { ...(this.pending ?? {}), ...patch };
    const wait = options.urgent ? 0 : Math.max(0, this.lastWriteAt + this.intervalMs - this.clock());
    if (wait === 0) {
      this.clearTimer();
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
    }
  }

  /** Stops writing; resolves when every write already issued has finished. Unwritten state is dropped. */
  async close(): Promise<void> {
    this.clearTimer();
    this.pending = null;
    await this.chain;
  }

  private flush(): void {
    const patch = this.pending;
    this.pending = null;
    if (!patch) return;
    this.lastWriteAt = this.clock();
    this.writes++;
    // Chained, so writes land in the order they were made.
    this.chain = this.chain.then(() =>
      this.collection.update(this.store, this.id, patch).catch((err: unknown) => {
        // A lost intermediate write only delays what the reader sees; the final write carries everything.
        log.warn('streaming write failed', { path: this.collection.path(this.id), err });
      }),
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
