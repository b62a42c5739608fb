/**
 * Run endpoints of the `agents` function (docs/api.md "Runs"): run now, an
 * agent's run history, one run. Handlers unpack the request; runs/service.ts decides.
 */
import { InvalidArgumentError } from '@agent-platform/core/errors';
import { downloadHeaders, getArtifact } from '../artifacts/service';
import { assertNoFields } from '../http/body';
import type { Route } from '../http/router';
import { listRunPage } from './history';
import { markAllResultsSeen, markRunSeen } from './seen';
import { getRun, runNow } from './service';

const LIMIT_DEFAULT = 20;
const LIMIT_MAX = 100;

function parseLimit(raw: string | null): number {
  if (raw === null) return LIMIT_DEFAULT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > LIMIT_MAX) {
    throw new InvalidArgumentError(
      {
        en: `limit must be a whole number from 1 to ${LIMIT_MAX}.`,
        ko: `limit은 1부터 ${LIMIT_MAX}까지의 정수여야 합니다.`,
      },
      [
        {
          field: 'limit',
          message: `A whole number from 1 to ${LIMIT_MAX}.`,
          ko: `1부터 ${LIMIT_MAX}까지의 정수입니다.`,
        },
      ],
    );
  }
  return n;
}

export const runRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/agents/:id/run',
    async handle({ deps, params, user, body }) {
      assertNoFields(body);
      return { status: 202, body: await runNow(deps, user.uid, params.id ?? '', user.provider) };
    },
  },
  {
    method: 'GET',
    path: '/api/agents/:id/executions',
    async handle({ deps, params, query, user }) {
      const limit = parseLimit(query.get('limit'));
      const request = { limit, cursor: query.get('cursor'), q: query.get('q') };
      return { status: 200, body: await listRunPage(deps, user.uid, params.id ?? '', request) };
    },
  },
  {
    method: 'POST',
    path: '/api/executions/:id/seen',
    async handle({ deps, params, user, body }) {
      assertNoFields(body);
      await markRunSeen(deps, user.uid, params.id ?? '');
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/api/results/seen',
    async handle({ deps, user, body }) {
      assertNoFields(body);
      await markAllResultsSeen(deps, user.uid);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/api/executions/:id',
    async handle({ deps, params, user }) {
      return { status: 200, body: await getRun(deps, user.uid, params.id ?? '') };
    },
  },
  {
    method: 'GET',
    path: '/api/executions/:id/artifacts/:name',
    async handle({ deps, params, user, res }) {
      const file = await getArtifact(deps, user.uid, params.id ?? '', params.name ?? '');
      res.status(200).set(downloadHeaders(file)).end(Buffer.from(file.data));
      return undefined;
    },
  },
];
