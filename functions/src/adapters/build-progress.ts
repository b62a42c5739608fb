/**
 * The live log of a workspace build. The build's step copies the CLI's
 * stream-json lines, as they come, to one object in the artifacts bucket
 * (docker/workspace/upload-progress.mjs: the whole lines so far, every couple of
 * seconds); the runner reads what is new at each poll and hands the lines on, so
 * a run's log moves while Claude Code works. When the build ends, the lines the
 * follower never saw (the last seconds, or all of them past the object's size cap)
 * come from the build's `cli.jsonl`, each line exactly once.
 */

/** Reads the progress object from byte `start`; null while it does not exist yet. */
export type ReadFrom = (start: number) => Promise<Buffer | null>;

export class BuildProgress {
  /** Bytes of the object already split into lines. */
  private offset = 0;
  /** Lines (whole, blank ones included) already handed on. */
  private delivered = 0;
  private partial = Buffer.alloc(0);

  constructor(private readonly read: ReadFrom) {}

  /** Hands on every whole line added since the last poll. */
  async poll(onLine: (line: string) => void): Promise<void> {
    const added = await this.read(this.offset);
    if (!added?.length) return;
    this.offset += added.length;
    const text = Buffer.concat([this.partial, added]);
    const end = text.lastIndexOf(0x0a);
    if (end < 0) {
      this.partial = text;
      return;
    }
    this.partial = text.subarray(end + 1);
    for (const line of text.subarray(0, end).toString('utf8').split('\n')) {
      this.delivered++;
      if (line.trim()) onLine(line.trim());
    }
  }

  /** Hands on the lines of the whole log (`cli.jsonl`) that no poll handed on. */
  finish(log: string, onLine: (line: string) => void): void {
    const lines = log.split('\n');
    // A log that ends with a newline has an empty last "line", which is not a line.
    if (lines.at(-1) === '') lines.pop();
    for (const line of lines.slice(this.delivered)) if (line.trim()) onLine(line.trim());
  }
}
