/**
 * The live log of a running execution, and the heartbeat of its lease.
 *
 * Events are kept in memory and written to the execution as they happen, at
 * most one write per `minIntervalMs` (a burst of tool calls costs one write, and
 * Firestore asks for no more than about one write per second to a document).
 * The final list is written with the outcome.
 *
 * Every such write also renews the run's lease (`leaseUntil`, and `staleAfter`
 * with it, so the sweeper's stale-run query stays one indexed query). When no
 * event has been written for a third of the lease, a write carries the lease
 * alone: a short run renews nothing extra, a long quiet one writes about three
 * times a lease. Each write is a transaction that goes through only while the
 * run is `running` under our `leaseId`; finding the lease taken over aborts
 * `signal`, so the caller stops the model call and writes no outcome.
 */
import type { Store } from '@agent-platform/core/ports';
import { type ExecutionEvent, type RunEventInput, runEvent } from '@agent-platform/core/runs';
import { log } from '../shared/log';
import { executions } from '../store/executions';
import { capEvents } from './bounds';

/** How often the heartbeat looks at the clock (real time); it writes only when a renewal is due. */
const HEARTBEAT_CHECK_MS = 1000;

export interface RunLease {
  leaseId: string;
  leaseSeconds: number;
  /** When the lease was last written (the claim): renewals are counted from here. */
  renewedAt: Date;
}

export class ProgressLog {
  /** The log as the run keeps it (bounds.ts: the first lines and the latest). */
  private kept: ExecutionEvent[];
  private readonly aborter = new AbortController();
  /** Aborted once the lease is found taken over by another delivery. */
  readonly signal: AbortSignal = this.aborter.signal;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastWrite = 0;
  /** Lines added so far, and how many of them the last successful write carried. */
  private added = 0;
  private writtenAdded = 0;
  /** Stack-clock ms of the last lease write (claim or renewal) we started. */
  private leaseWrittenAt: number;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly executionId: string,
    initial: ExecutionEvent[],
    private readonly now: () => Date,
    private readonly lease: RunLease,
    private readonly minIntervalMs = 1000,
  ) {
    this.kept = capEvents(initial);
    this.leaseWrittenAt = lease.renewedAt.getTime();
    const renewEveryMs = (lease.leaseSeconds * 1000) / 3;
    // Real-time ticks, clock-time decisions: in production they are the same; on the local
    // stack, moving its clock forward makes a renewal due as it would be after that much time.
    this.heartbeat = setInterval(
      () => {
        if (!this.timer && this.now().getTime() - this.leaseWrittenAt >= renewEveryMs) this.flush();
      },
      Math.min(HEARTBEAT_CHECK_MS, renewEveryMs),
    );
    this.heartbeat.unref();
  }

  /** True once another delivery took the run over: write no outcome. */
  get leaseLost(): boolean {
    return this.signal.aborted;
  }

  /** The log to store: every line so far, within the run's bounds. */
  get events(): ExecutionEvent[] {
    return [...this.kept];
  }

  /** Appends a line (its type and English message follow from its code, see events.ts). */
  add(event: RunEventInput): void {
    this.kept.push(runEvent(this.now().toISOString(), event));
    this.added++;
    this.kept = capEvents(this.kept);
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.lastWrite + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Writes pending events (if any) and renews the lease; progress writes never fail the run. */
  private flush(): void {
    if (this.closed || this.leaseLost) return;
    this.lastWrite = Date.now();
    const previous = this.leaseWrittenAt;
    const at = this.now();
    this.leaseWrittenAt = at.getTime();
    const added = this.added;
    const events = added > this.writtenAdded ? this.events : null;
    this.writing = this.writing
      .then(() => this.write(at, events, added))
      .catch((err) => {
        // Try the renewal again at the next heartbeat check rather than a full third of the lease later.
        this.leaseWrittenAt = previous;
        log.warn('could not write run progress', { executionId: this.executionId, err });
      });
  }

  private async write(at: Date, events: ExecutionEvent[] | null, added: number): Promise<void> {
    if (this.leaseLost) return;
    const leaseUntil = new Date(at.getTime() + this.lease.leaseSeconds * 1000).toISOString();
    const ours = await this.store.runTransaction(async (tx) => {
      const found = await executions.get(tx, this.executionId);
      if (found?.data.status !== 'running' || found.data.leaseId !== this.lease.leaseId) return false;
      executions.update(tx, this.executionId, { ...(events ? { events } : {}), leaseUntil, staleAfter: leaseUntil });
      return true;
    });
    if (!ours) {
      log.warn('run lease taken over; stopping this attempt', { executionId: this.executionId });
      this.stopTimers();
      this.aborter.abort(new Error('The run was taken over by another delivery.'));
      return;
    }
    if (events) this.writtenAdded = Math.max(this.writtenAdded, added);
  }

  private stopTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = undefined;
    this.heartbeat = undefined;
  }

  /** Stops pending writes and the heartbeat (the outcome write carries every event) and waits for one in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopTimers();
    await this.writing;
  }
}
