/**
 * The conversations list and starting one from a template (docs/api.md
 * "Conversations"). Handlers unpack the request; chat/library.ts decides.
 */
import { parseLimit } from '../http/query-params';
import { requestLocale } from '../http/request-locale';
import type { Route } from '../http/router';
import { CONVERSATIONS_LIMIT_DEFAULT, CONVERSATIONS_LIMIT_MAX, listConversations, startFromTemplate } from './library';

export const conversationLibraryRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/conversations',
    async handle({ deps, user, query }) {
      const limit = parseLimit(query.get('limit'), CONVERSATIONS_LIMIT_DEFAULT, CONVERSATIONS_LIMIT_MAX);
      return { status: 200, body: { conversations: await listConversations(deps, user.uid, limit) } };
    },
  },
  {
    method: 'POST',
    path: '/api/conversations',
    async handle({ req, deps, user, body }) {
      const { conversationId } = await startFromTemplate(deps, user.uid, body, requestLocale(req));
      return {
        status: 201,
        body: { conversationId },
        headers: { Location: `/api/conversations/${conversationId}` },
      };
    },
  },
];
