/**
 * The bodies a webhook delivery sends (docs/api.md "Deliveries"). `json` is
 * ours (signed, signing.ts); the others are the incoming-webhook bodies of the
 * chat services, with the result trimmed to fit each one's limit:
 *
 * - Slack: `{"text"}`; `&`, `<` and `>` escaped so model output cannot make
 *   links or mentions (https://api.slack.com/reference/surfaces/formatting#escaping);
 *   Slack advises at most 4,000 characters and cuts at 40,000
 *   (https://api.slack.com/changelog/2018-04-truncating-really-long-messages).
 * - Discord: `{"content"}`, at most 2,000 characters, with `allowed_mentions`
 *   empty so no @everyone or role ping goes out
 *   (https://discord.com/developers/docs/resources/webhook#execute-webhook).
 * - Google Chat: `{"text"}`, a message at most 32,000 bytes
 *   (https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages);
 *   4,000 characters stay well under it. Its links use Slack's `<url|text>`, so
 *   the same escaping applies.
 */
import type { WebhookFormat } from '@agent-platform/core/agent';

/** What every delivery tells about a run. */
export interface RunNews {
  agent: { id: string; name: string };
  execution: {
    id: string;
    status: 'success' | 'failed';
    result: string | null;
    error: string | null;
    costUsd: number;
    startTime: string | null;
    endTime: string | null;
    /** The run's page in the web app. */
    url: string;
  };
}

/** `run.succeeded` / `run.failed`: the json body's `type`. */
export function eventType(news: RunNews): 'run.succeeded' | 'run.failed' {
  return news.execution.status === 'success' ? 'run.succeeded' : 'run.failed';
}

/** The `json` format's body. */
export function jsonBody(news: RunNews) {
  return { type: eventType(news), agent: news.agent, execution: news.execution };
}

const LIMITS: Record<Exclude<WebhookFormat, 'json'>, number> = { slack: 4_000, discord: 2_000, googlechat: 4_000 };

/** The body of a webhook delivery in its format. */
export function webhookBody(format: WebhookFormat, news: RunNews): unknown {
  if (format === 'json') return jsonBody(news);
  const limit = LIMITS[format];
  switch (format) {
    case 'slack':
    case 'googlechat':
      return { text: chatText(news, limit, escapeAngles, (url, label) => `<${url}|${label}>`) };
    case 'discord':
      return {
        content: chatText(
          news,
          limit,
          (s) => s,
          (url, label) => `[${label}](<${url}>)`,
        ),
        allowed_mentions: { parse: [] },
      };
  }
}

/**
 * One message: a headline, the result (or the error), and the run's link,
 * together at most `limit` characters. The result is what gets trimmed; the
 * headline and the link always fit.
 */
function chatText(
  news: RunNews,
  limit: number,
  escapeText: (s: string) => string,
  link: (url: string, label: string) => string,
): string {
  const ok = news.execution.status === 'success';
  const head = escapeText(`${ok ? '✅' : '❌'} ${news.agent.name} — ${ok ? 'run succeeded' : 'run failed'}`);
  const tail = link(news.execution.url, 'Open the run');
  const body = escapeText(ok ? (news.execution.result ?? '') : (news.execution.error ?? 'The run failed.'));
  const room = limit - [...head].length - [...tail].length - 4;
  const chars = [...body];
  const trimmed = chars.length > room ? `${chars.slice(0, Math.max(0, room - 1)).join('')}…` : body;
  return trimmed ? `${head}\n\n${trimmed}\n\n${tail}` : `${head}\n\n${tail}`;
}

function escapeAngles(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
