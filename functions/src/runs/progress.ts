/**
 * The live log of a running execution: events are kept in memory and written to
 * the execution as they happen, at most one write per `minIntervalMs` (a burst of
 * tool calls costs one write, and Firestore asks for no more than about one
 * write per second to a document). The final list is written with the outcome.
 */
import type { Store } from '../ports/store';
import { log } from '../shared/log';
import type { ExecutionEvent } from './execution';
import { executionPath } from './execution-store';

export class ProgressLog {
  readonly events: ExecutionEvent[];
  private timer: NodeJS.Timeout | undefined;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly executionId: string,
    initial: ExecutionEvent[],
    private readonly now: () => Date,
    private readonly minIntervalMs = 1000,
  ) {
    this.events = [...initial];
  }

  add(type: string, message: string): void {
    this.events.push({ at: this.now().toISOString(), type, message });
    if (this.timer) return;
    const wait = Math.max(0, this.lastWrite + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Writes what is pending now; progress writes never fail the run. */
  private flush(): void {
    this.lastWrite = Date.now();
    const events = [...this.events];
    this.writing = this.writing
      .then(() => this.store.update(executionPath(this.executionId), { events }))
      .catch((err) => log.warn('could not write run progress', { executionId: this.executionId, err }));
  }

  /** Stops pending writes (the outcome write carries every event) and waits for one in flight. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }
}
