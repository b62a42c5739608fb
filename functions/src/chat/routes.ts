/**
 * The chat's HTTP edge (API.md "Chat"): parse, call the service, answer.
 * `POST /api/chat` with `Accept: text/event-stream` streams the same turn as
 * server-sent events (status, delta, draft, done, error).
 */
import { toErrorResponse } from '../shared/errors';
import { adapters } from '../shared/factory';
import type { Route, RouteContext } from '../shared/http';
import { log } from '../shared/log';
import { openEventStream, sendEvent } from '../shared/sse';
import { assertEmptyBody, getConversation, saveDraft, startTestRun } from './service';
import { beginTurn, parseChatBody } from './turn';

export const chatRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/chat',
    async handle({ req, res, user, body }) {
      const deps = adapters();
      const request = parseChatBody(body, deps.config.chat.maxMessageChars);
      // Every refusal (400, 404, 409, 429) happens here, before a stream is opened.
      const turn = await beginTurn(deps, user.uid, request);
      if (!wantsEventStream(req)) return { status: 200, body: await turn.run() };

      openEventStream(res);
      const send = (event: string, data: unknown) => {
        // The person may close the page; the turn still finishes and is stored.
        if (!res.writableEnded && !res.destroyed) sendEvent(res, event, data);
      };
      try {
        const result = await turn.run({
          status: (data) => send('status', data),
          delta: (text) => send('delta', { text }),
          draft: (data) => send('draft', data),
        });
        send('done', result);
      } catch (err) {
        const { status, body: errorBody } = toErrorResponse(err);
        if (status >= 500) log.error('chat turn failed', { conversationId: turn.conversationId, err });
        send('error', errorBody);
      }
      res.end();
      return undefined;
    },
  },
  {
    method: 'GET',
    path: '/api/conversations/:id',
    async handle({ user, params }) {
      return { status: 200, body: await getConversation(adapters(), user.uid, params.id ?? '') };
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/:id/test-run',
    async handle({ user, params, body }) {
      assertEmptyBody(body);
      return { status: 202, body: await startTestRun(adapters(), user.uid, params.id ?? '') };
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/:id/save',
    async handle({ user, params, body }) {
      assertEmptyBody(body);
      return { status: 201, body: await saveDraft(adapters(), user.uid, params.id ?? '') };
    },
  },
];

function wantsEventStream(req: RouteContext['req']): boolean {
  return String(req.headers.accept ?? '').includes('text/event-stream');
}
