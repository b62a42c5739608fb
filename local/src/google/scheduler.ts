/**
 * The Cloud Scheduler → Pub/Sub → Eventarc stand-in: every minute, on the
 * minute, it delivers to `tick` the CloudEvent Eventarc pushes for a Pub/Sub
 * message (https://cloud.google.com/eventarc/docs/cloudevents): binary content
 * mode (`ce-*` headers, type google.cloud.pubsub.topic.v1.messagePublished,
 * source //pubsub.googleapis.com/projects/P/topics/T), a JSON body
 * `{message: {data (base64), attributes, messageId, message_id, publishTime,
 * publish_time}, subscription}`, and an OIDC token for the trigger's service
 * account, which tick's Cloud Run front checks (cloud-run-front.ts).
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
  constructor(
    /** Where tick is served, and the token the push subscription presents there. */
    private readonly target: () => { url: string; token: string },
    private readonly topic = 'projects/local-project/topics/tick',
  ) {}

  /** Delivers one tick now and returns the function's answer. */
  async deliver(): Promise<TickResult> {
    const publishTime = new Date().toISOString();
    // Pub/Sub message ids are decimal strings.
    const messageId = String(BigInt(`0x${randomUUID().replaceAll('-', '').slice(0, 15)}`));
    const { url, token } = this.target();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Authorization: `Bearer ${token}`,
        'ce-id': messageId,
        'ce-specversion': '1.0',
        'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
        'ce-source': `//pubsub.googleapis.com/${this.topic}`,
        'ce-time': publishTime,
      },
      body: JSON.stringify({
        message: {
          attributes: {},
          data: Buffer.from('{"source":"cloud-scheduler"}').toString('base64'),
          messageId,
          message_id: messageId,
          publishTime,
          publish_time: publishTime,
        },
        subscription: `${this.topic.replace('/topics/', '/subscriptions/')}-eventarc`,
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
