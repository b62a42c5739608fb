/**
 * The local stand-in for the web app's Firestore listeners: a server-sent
 * events feed of one query's results, re-sent after every change to its
 * collection. It enforces what firestore.rules enforces in production: the
 * query must be limited to the caller's own documents (`userId == uid`), and a
 * watched document must be the caller's.
 *
 * Like a Firestore listener, a feed lives no longer than the ID token it was
 * opened with: when the token expires the feed sends an `unauthenticated`
 * error and ends, and the client opens it again with a fresh token, as the
 * Firestore SDK does (https://github.com/firebase/firebase-js-sdk/issues/2669,
 * https://github.com/firebase/firebase-js-sdk/pull/940).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, InvalidArgumentError, toErrorResponse } from '@agent-platform/core/errors';
import { isDocId, type QuerySpec, type StoredDoc } from '@agent-platform/core/ports';
import { openEventStream, sendEvent } from '@agent-platform/functions/host';
import type { LocalAuth } from './guest-auth';
import type { SqliteStore } from './sqlite-store';

export interface LiveQuery extends QuerySpec {
  /** Watch one document of the collection instead of a query. */
  docId?: string;
}

// The collections firestore.rules lets their owners read.
const COLLECTION =
  /^(agents|agents\/[A-Za-z0-9_-]+\/versions|executions|users|resultViews|conversations|conversations\/[A-Za-z0-9_-]+\/messages)$/;
/** The plain field paths the Store accepts (ports/store.ts `assertFieldPath`). */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/;
const HEARTBEAT_MS = 15_000;
const COALESCE_MS = 30;

/** Parses and checks a live query against the owner-only rule. */
export function checkLiveQuery(raw: string | null, uid: string): LiveQuery {
  let spec: LiveQuery;
  try {
    spec = JSON.parse(raw ?? '') as LiveQuery;
  } catch {
    throw new InvalidArgumentError('`query` must be a JSON query description.');
  }
  if (
    typeof spec?.collection !== 'string' ||
    !COLLECTION.test(spec.collection) ||
    !spec.collection.split('/').every((id, i) => i % 2 === 0 || isDocId(id))
  ) {
    throw new InvalidArgumentError('`query.collection` names no readable collection.');
  }
  // A malformed `where` or `docId` is the caller's mistake (400), never a 500 from the store.
  const clauses = (list: unknown): boolean =>
    list === undefined || (Array.isArray(list) && list.every((c) => Array.isArray(c)));
  if (!clauses(spec.where) || !clauses(spec.orderBy)) {
    throw new InvalidArgumentError('`query.where` and `query.orderBy` must be lists of clauses.');
  }
  const fields = [...(spec.where ?? []), ...(spec.orderBy ?? [])].map((c) => c[0]);
  if (!fields.every((f): boolean => typeof f === 'string' && FIELD.test(f))) {
    throw new InvalidArgumentError('`query` names a field that is not a plain field name.');
  }
  if (spec.docId !== undefined && !isDocId(spec.docId)) {
    throw new InvalidArgumentError('`query.docId` is not a document id.');
  }
  const ownOnly = (spec.where ?? []).some(([f, op, v]) => f === 'userId' && op === '==' && v === uid);
  if (!ownOnly) {
    throw new AppError('permission_denied', 'Missing or insufficient permissions: filter on your own userId.');
  }
  if (spec.limit !== undefined && (!Number.isInteger(spec.limit) || spec.limit < 1 || spec.limit > 500)) {
    throw new InvalidArgumentError('`query.limit` must be 1–500.');
  }
  return spec;
}

export async function serveLiveFeed(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { auth: Pick<LocalAuth, 'verifyIdToken'>; store: SqliteStore },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let spec: LiveQuery;
  let uid: string;
  let tokenLeftMs: number;
  try {
    const user = await deps.auth.verifyIdToken(url.searchParams.get('token') ?? '');
    uid = user.uid;
    tokenLeftMs = user.expiresInMs;
    spec = checkLiveQuery(url.searchParams.get('query'), uid);
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    return;
  }

  const read = async (): Promise<StoredDoc[]> => {
    if (spec.docId === undefined) return deps.store.query(spec);
    const doc = await deps.store.get(`${spec.collection}/${spec.docId}`);
    if (doc && doc.data.userId !== uid) {
      throw new AppError('permission_denied', 'Missing or insufficient permissions.');
    }
    return doc ? [doc] : [];
  };

  openEventStream(res);
  let last = '';
  let pending: NodeJS.Timeout | undefined;
  const push = async () => {
    pending = undefined;
    try {
      const docs = await read();
      const payload = JSON.stringify(docs);
      // The feed may have ended (its token expired) while the store was read.
      if (payload === last || res.writableEnded) return;
      last = payload;
      sendEvent(res, 'snapshot', { docs });
    } catch (err) {
      if (res.writableEnded) return;
      sendEvent(res, 'error', toErrorResponse(err).body.error);
      res.end();
    }
  };
  const unsubscribe = deps.store.onChange((changes) => {
    if (!pending && changes.some((c) => c.collection === spec.collection)) pending = setTimeout(push, COALESCE_MS);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const expiry = setTimeout(() => {
    close();
    sendEvent(res, 'error', {
      code: 'unauthenticated',
      message: 'The ID token has expired; reconnect with a fresh one.',
    });
    res.end();
  }, tokenLeftMs);
  const close = () => {
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(expiry);
    if (pending) clearTimeout(pending);
  };
  req.on('close', close);
  res.on('close', close);
  await push();
}
