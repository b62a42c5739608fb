/**
 * The agent library's endpoints (docs/api.md "Versions", "Duplicate",
 * "Templates"): an agent's versions and restoring one, duplicating an agent,
 * and the template gallery. Handlers unpack the request; the services decide.
 */
import { assertNoFields } from '../http/body';
import { parseLimit, parseLocale, parseTimeZone } from '../http/query-params';
import { requestLocale } from '../http/request-locale';
import type { Route } from '../http/router';
import { listTemplates } from '../templates/service';
import { duplicateAgent } from './duplicate';
import { listVersions, restoreVersion, VERSIONS_LIMIT_DEFAULT, VERSIONS_LIMIT_MAX } from './versions';

export const libraryRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/agents/:id/versions',
    async handle({ deps, user, params, query }) {
      const limit = parseLimit(query.get('limit'), VERSIONS_LIMIT_DEFAULT, VERSIONS_LIMIT_MAX);
      return { status: 200, body: { versions: await listVersions(deps, user.uid, params.id ?? '', limit) } };
    },
  },
  {
    method: 'POST',
    path: '/api/agents/:id/versions/:version/restore',
    async handle({ deps, user, params, body }) {
      assertNoFields(body);
      return { status: 200, body: await restoreVersion(deps, user.uid, params.id ?? '', params.version ?? '') };
    },
  },
  {
    method: 'POST',
    path: '/api/agents/:id/duplicate',
    async handle({ req, deps, user, params, body }) {
      assertNoFields(body);
      // Without Accept-Language the agent's own language names the copy.
      const locale = req.headers['accept-language'] ? requestLocale(req) : null;
      const agent = await duplicateAgent(deps, user.uid, params.id ?? '', locale);
      return { status: 201, body: agent, headers: { Location: `/api/agents/${agent.id}` } };
    },
  },
  {
    method: 'GET',
    path: '/api/templates',
    async handle({ req, query }) {
      const locale = parseLocale(query.get('locale'), requestLocale(req));
      const timezone = parseTimeZone(query.get('timezone'));
      return { status: 200, body: { templates: listTemplates(locale, timezone) } };
    },
  },
];
