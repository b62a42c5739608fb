/**
 * The local stack's clock: real time plus an offset that tests may move, so a
 * run scheduled for next Monday can be made due now without waiting. It drives
 * both the functions' `now()` and when the Tasks stand-in finds a task due.
 */
export class StackClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Jumps to `at` (time keeps flowing from there). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
