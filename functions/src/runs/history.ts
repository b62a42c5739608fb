/**
 * An agent's run history, a page at a time, and searching it
 * (docs/api.md "Run history").
 *
 * The cursor is opaque to clients: base64url JSON naming the agent and the last
 * run of the page. It is checked strictly (400 for anything else), and it only
 * positions a read inside the agent of the request — whose ownership is checked
 * first — so a cursor from another agent, or another user, is refused, and a
 * forged one can reveal nothing.
 *
 * Search (`q`): Firestore has no full-text search, so the server reads the
 * agent's runs newest first and keeps those whose result or error contains the
 * words (case-insensitive). One request reads at most `SEARCH_SCAN_MAX` runs, so
 * its cost is bounded; when it stops early, `nextCursor` continues the search
 * from where it stopped. This finds text in every run, not only the pages the
 * browser has loaded, at the price of one read per run looked at.
 */
import { AppError } from '@agent-platform/core/errors';
import { isDocId } from '@agent-platform/core/ports';
import type { ExecutionDoc, ExecutionJson } from '@agent-platform/core/runs';
import type { Adapters } from '../shared/factory';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { agentRunsAfter, type RunPosition } from '../store/run-history';
import { toExecutionJson } from './json';

/** Runs read per search request at most. */
export const SEARCH_SCAN_MAX = 200;
/** The longest search text. */
export const SEARCH_MAX_CHARS = 200;
const SEARCH_BATCH = 100;

export interface RunPage {
  executions: ExecutionJson[];
  /** Pass it back as `cursor` for the next page; null when there is nothing older. */
  nextCursor: string | null;
}

export interface RunPageRequest {
  limit: number;
  cursor: string | null;
  q: string | null;
}

/** `GET /api/agents/{id}/executions`: a page of the agent's runs, newest first, optionally only those matching `q`. */
export async function listRunPage(
  deps: Pick<Adapters, 'store'>,
  uid: string,
  agentId: string,
  request: RunPageRequest,
): Promise<RunPage> {
  const agent = agents.isId(agentId) ? await agents.get(deps.store, agentId) : null;
  if (!agent || agent.data.userId !== uid) {
    throw new AppError('not_found', 'The agent was not found.', {
      retryable: false,
      ko: '에이전트를 찾을 수 없습니다.',
    });
  }
  const after = request.cursor === null ? null : decodeCursor(request.cursor, agentId);
  const words = request.q === null ? null : searchWords(request.q);
  const own = (d: Doc<ExecutionDoc>) => d.data.userId === uid;

  if (!words) {
    // One more than asked says whether an older page exists.
    const docs = await agentRunsAfter(deps.store, agentId, after, request.limit + 1);
    const page = docs.slice(0, request.limit);
    const last = page[page.length - 1];
    return {
      executions: page.filter(own).map((d) => toExecutionJson(d.id, d.data)),
      nextCursor: docs.length > request.limit && last ? encodeCursor(agentId, last) : null,
    };
  }

  const found: Doc<ExecutionDoc>[] = [];
  let position = after;
  let scanned = 0;
  let exhausted = false;
  while (found.length < request.limit && scanned < SEARCH_SCAN_MAX && !exhausted) {
    const want = Math.min(SEARCH_BATCH, SEARCH_SCAN_MAX - scanned);
    const batch = await agentRunsAfter(deps.store, agentId, position, want);
    exhausted = batch.length < want;
    for (const doc of batch) {
      scanned += 1;
      position = { scheduledFor: doc.data.scheduledFor, id: doc.id };
      if (own(doc) && matches(doc.data, words)) found.push(doc);
      if (found.length === request.limit) {
        // Stopped inside the batch: anything after this run is still unread.
        exhausted = exhausted && doc === batch[batch.length - 1];
        break;
      }
    }
  }
  return {
    executions: found.map((d) => toExecutionJson(d.id, d.data)),
    nextCursor: exhausted || !position ? null : encodeCursor(agentId, position),
  };
}

/** The search's words, lower-cased: every one must appear (in any order). 400 for an empty or overlong `q`. */
function searchWords(q: string): string[] {
  const words = normalise(q).split(/\s+/).filter(Boolean);
  if (words.length === 0 || [...q].length > SEARCH_MAX_CHARS) {
    const en = `q must be 1 to ${SEARCH_MAX_CHARS} characters of text to look for.`;
    throw new AppError('invalid_argument', en, {
      retryable: false,
      ko: `q에는 찾을 내용을 1~${SEARCH_MAX_CHARS}자로 적어야 합니다.`,
      details: [{ field: 'q', message: en }],
    });
  }
  return words;
}

/** NFC and lower case, so a Korean word typed as separate jamo or "Error" in another case still matches. */
const normalise = (text: string) => text.normalize('NFC').toLocaleLowerCase();

function matches(run: ExecutionDoc, words: readonly string[]): boolean {
  const text = normalise(`${run.result ?? ''}\n${run.error ?? ''}`);
  return words.every((w) => text.includes(w));
}

interface CursorBody {
  v: 1;
  a: string;
  s: string;
  i: string;
}

export function encodeCursor(agentId: string, at: RunPosition | { id: string; data: ExecutionDoc }): string {
  const position = 'data' in at ? { scheduledFor: at.data.scheduledFor, id: at.id } : at;
  const body: CursorBody = { v: 1, a: agentId, s: position.scheduledFor, i: position.id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The position a cursor names, or a 400 when it is not one of this agent's cursors. */
export function decodeCursor(cursor: string, agentId: string): RunPosition {
  let body: Partial<CursorBody> | null = null;
  if (cursor.length <= 512 && /^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
    } catch {
      body = null;
    }
  }
  const valid =
    body !== null &&
    typeof body === 'object' &&
    body.v === 1 &&
    body.a === agentId &&
    typeof body.s === 'string' &&
    ISO.test(body.s) &&
    !Number.isNaN(Date.parse(body.s)) &&
    isDocId(body.i);
  if (!valid || !body) {
    const en = 'The cursor is not valid for this list: start again without one.';
    throw new AppError('invalid_argument', en, {
      retryable: false,
      ko: '이 목록에 맞지 않는 cursor입니다. cursor 없이 처음부터 다시 요청하세요.',
      details: [{ field: 'cursor', message: en }],
    });
  }
  return { scheduledFor: body.s as string, id: body.i as string };
}
