/**
 * Paging the agent list (docs/api.md "Agents"): `limit` and an opaque `cursor`.
 * The cursor is the last agent's `createdAt` and id, base64url-encoded JSON; the
 * store pages on past it (`startAfter`), so a page costs its agents in reads and
 * no more, however deep. Only its shape is trusted: a cursor from someone else's
 * list just pages the caller's own agents from that point.
 */
import { AppError } from '@agent-platform/core/errors';
import { isDocId } from '@agent-platform/core/ports';

export const PAGE_MAX = 100;

/** Where a page starts: after the agent created at `createdAt` with this `id`. */
export interface AgentCursor {
  createdAt: string;
  id: string;
}

export interface AgentPage {
  /** Absent: every agent (the list as it was before paging). */
  limit?: number;
  after?: AgentCursor;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function encodeCursor(cursor: AgentCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** `limit` and `cursor` of `GET /api/agents`, checked; 400 for either when malformed. */
export function parseAgentPage(query: URLSearchParams): AgentPage {
  const page: AgentPage = {};
  const limit = query.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > PAGE_MAX) {
      throw new AppError('invalid_argument', `limit must be a whole number from 1 to ${PAGE_MAX}.`, {
        details: [{ field: 'limit', message: `A whole number from 1 to ${PAGE_MAX}.` }],
        retryable: false,
        ko: `limit은 1부터 ${PAGE_MAX}까지의 정수여야 합니다.`,
      });
    }
    page.limit = n;
  }
  const cursor = query.get('cursor');
  if (cursor !== null) page.after = decodeCursor(cursor);
  return page;
}

function decodeCursor(raw: string): AgentCursor {
  let value: unknown;
  try {
    value = /^[A-Za-z0-9_-]{1,400}$/.test(raw) ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : null;
  } catch {
    value = null;
  }
  if (Array.isArray(value) && value.length === 2) {
    const [createdAt, id] = value;
    if (typeof createdAt === 'string' && ISO_TIME.test(createdAt) && isDocId(id)) return { createdAt, id };
  }
  throw new AppError('invalid_argument', 'cursor is not one this list gave out; start again without it.', {
    details: [{ field: 'cursor', message: 'Use the nextCursor of a previous page.' }],
    retryable: false,
    ko: 'cursor가 이 목록에서 받은 값이 아닙니다. cursor 없이 처음부터 다시 요청하세요.',
  });
}
