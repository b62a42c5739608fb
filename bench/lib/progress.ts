/**
 * Progress lines for a running suite. They go to stderr, which the runner
 * shows on the terminal; stdout carries the stack's JSON logs to the suite's
 * log file under bench/.work/.
 */
export function progress(suite: string, message: string): void {
  process.stderr.write(`  [${suite}] ${message}\n`);
}
