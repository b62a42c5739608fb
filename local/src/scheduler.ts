/**
 * The Cloud Scheduler → Pub/Sub stand-in: every minute, on the minute, it
 * delivers to `tick` the same CloudEvent Eventarc would (binary mode, type
 * google.cloud.pubsub.topic.v1.messagePublished, base64 message data).
 */
import { randomUUID } from 'node:crypto';
import { log } from '@agent-platform/functions/host';

export interface TickResult {
  status: number;
  body: unknown;
}

export class LocalScheduler {
  private timer: NodeJS.Timeout | undefined;

  /** `tickUrl` is where the tick function is served. */
  constructor(private readonly tickUrl: () => string) {}

  /** Delivers one tick now and returns the function's answer. */
  async deliver(): Promise<TickResult> {
    const publishTime = new Date().toISOString();
    const messageId = randomUUID();
    const res = await fetch(this.tickUrl(), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'ce-id': messageId,
        'ce-specversion': '1.0',
        'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
        'ce-source': '//pubsub.googleapis.com/projects/local/topics/tick',
        'ce-time': publishTime,
      },
      body: JSON.stringify({
        message: { data: Buffer.from('{"source":"local-scheduler"}').toString('base64'), messageId, publishTime },
        subscription: 'projects/local/subscriptions/tick',
      }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // a non-JSON answer is reported as text
    }
    return { status: res.status, body };
  }

  /** Ticks at the start of every minute until stopped. */
  start(): void {
    const schedule = () => {
      const wait = 60_000 - (Date.now() % 60_000) + 50;
      this.timer = setTimeout(async () => {
        try {
          const result = await this.deliver();
          if (result.status >= 300) log.warn('tick failed', { ...result });
        } catch (err) {
          log.warn('tick delivery failed', { err });
        }
        if (this.timer) schedule();
      }, wait);
    };
    schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
