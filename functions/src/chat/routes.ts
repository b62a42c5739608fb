/**
 * The chat's HTTP edge (docs/api.md "Chat"): parse, call the service, answer.
 * `POST /api/chat` answers when the turn is done; with `Prefer: respond-async`
 * it answers 202 as soon as the turn is stored and queued (the chatTurn worker
 * writes the reply); with `Accept: text/event-stream` it streams the turn as
 * server-sent events (status, delta, draft, done, error).
 */
import { toErrorResponse } from '@agent-platform/core/errors';
import type { Locale } from '@agent-platform/core/locale';
import { assertNoFields } from '../http/body';
import { requestLocale } from '../http/request-locale';
import type { Route, RouteContext } from '../http/router';
import { openEventStream, sendEvent } from '../http/sse';
import { log } from '../shared/log';
import { beginTurn } from './begin-turn';
import { prefersAsync, queueTurn } from './queue-turn';
import { parseChatBody } from './request';
import { getConversation, saveDraft, startTestRun } from './service';
import { runTurn } from './turn';

export const chatRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/chat',
    async handle({ req, res, deps, user, body }) {
      const request = parseChatBody(body, deps.config.chat.maxMessageChars);
      // Every refusal (400, 404, 409, 429) happens here, before a stream is opened.
      const turn = await beginTurn(deps, user.uid, request, user.provider);
      if (prefersAsync(req.headers)) {
        await queueTurn(deps, turn);
        return {
          status: 202,
          body: { conversationId: turn.conversationId, messageId: turn.replyId },
          headers: {
            'Preference-Applied': 'respond-async',
            Location: `/api/conversations/${turn.conversationId}`,
          },
        };
      }
      if (!wantsEventStream(req)) {
        try {
          return { status: 200, body: await runTurn(deps, turn) };
        } catch (err) {
          // The turn is stored (with its error reply): say which conversation, so the client can go on.
          const { status, body: errorBody, headers } = failedTurn(err, turn.conversationId, requestLocale(req));
          return { status, body: errorBody, headers };
        }
      }

      openEventStream(res);
      const send = (event: string, data: unknown) => {
        // The person may close the page; the turn still finishes and is stored.
        if (!res.writableEnded && !res.destroyed) sendEvent(res, event, data);
      };
      try {
        const result = await runTurn(deps, turn, {
          status: (data) => send('status', data),
          delta: (text) => send('delta', { text }),
          draft: (data) => send('draft', data),
        });
        send('done', result);
      } catch (err) {
        send('error', failedTurn(err, turn.conversationId, requestLocale(req)).body);
      }
      res.end();
      return undefined;
    },
  },
  {
    method: 'GET',
    path: '/api/conversations/:id',
    async handle({ deps, user, params }) {
      return { status: 200, body: await getConversation(deps, user.uid, params.id ?? '') };
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/:id/test-run',
    async handle({ deps, user, params, body }) {
      assertNoFields(body);
      return { status: 202, body: await startTestRun(deps, user.uid, params.id ?? '', user.provider) };
    },
  },
  {
    method: 'POST',
    path: '/api/conversations/:id/save',
    async handle({ deps, user, params, body }) {
      assertNoFields(body);
      return { status: 201, body: await saveDraft(deps, user.uid, params.id ?? '') };
    },
  },
];

function wantsEventStream(req: RouteContext['req']): boolean {
  return String(req.headers.accept ?? '').includes('text/event-stream');
}

/** The API's error body for a turn that failed after it began, naming its conversation. */
function failedTurn(err: unknown, conversationId: string, locale: Locale) {
  const response = toErrorResponse(err, locale);
  if (response.status >= 500) log.error('chat turn failed', { conversationId, err });
  return { ...response, body: { error: { ...response.body.error, conversationId } } };
}
