/**
 * Re-renders its host every few seconds while connected, so relative times
 * ("in 2 minutes", "지금") keep telling the truth on a page left open.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ClockController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | null = null;
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly everyMs = 10_000,
  ) {
    host.addController(this);
  }
  /** The time to render relative times against. */
  get now(): number {
    return Date.now();
  }
  hostConnected(): void {
    this.timer = setInterval(() => this.host.requestUpdate(), this.everyMs);
  }
  hostDisconnected(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
