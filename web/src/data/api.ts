import type { UsageJson } from '@agent-platform/core/usage';
/**
 * Typed calls to the HTTP API (docs/api.md), same origin, with the session's ID token.
 * Reads of the user's documents go through live queries instead (queries.ts);
 * these are the writes and actions, all of which go through the functions.
 */
import { getLocale, type Locale } from '../state/locale';
import type { Backend } from './backend';
import { ApiError, errorFromResponse, toApiError } from './errors';
import type { AgentVersion, RunPage, Template } from './library';
import type { MergedCounts } from './session';
import type { Agent, AgentSpec } from './types';

/** A designer turn as `POST /api/chat` with `Prefer: respond-async` starts it: the reply grows in the conversation. */
export interface StartedTurn {
  conversationId: string;
  /** The assistant reply being written (its message id). */
  messageId: string;
}

/** `GET /api/usage`: this month's (UTC) spend, its rows, and the budgets left. */
export type Usage = UsageJson;

export type Api = ReturnType<typeof createApi>;

/**
 * Builds the API client over a backend (for the token) and a fetch. Every request
 * asks for answers in the app's language (`Accept-Language`), so the server's error
 * messages read in the language the person chose.
 */
export function createApi(
  backend: Pick<Backend, 'idToken' | 'appCheckToken'>,
  fetchFn: typeof fetch = fetch.bind(globalThis),
  language: () => Locale = getLocale,
) {
  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
    as: 'json' | 'blob' = 'json',
  ): Promise<T> {
    const send = async (refresh: boolean) => {
      const headers: Record<string, string> = {
        ...extra,
        Authorization: `Bearer ${await backend.idToken(refresh)}`,
        'Accept-Language': language(),
      };
      const appCheck = await backend.appCheckToken(refresh);
      if (appCheck) headers['X-Firebase-AppCheck'] = appCheck;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetchFn(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    };
    let res: Response;
    try {
      res = await send(false);
      // An ID or App Check token can expire between refreshes (an hour each): retry once with fresh ones.
      if (res.status === 401) res = await send(true);
    } catch (err) {
      throw toApiError(err);
    }
    if (!res.ok) throw await errorFromResponse(res);
    if (res.status === 204) return undefined as T;
    if (as === 'blob') return (await res.blob()) as T;
    return (await res.json()) as T;
  }

  return {
    updateAgent: (id: string, patch: Partial<AgentSpec>) =>
      request<Agent>('PATCH', `/api/agents/${encodeURIComponent(id)}`, patch),
    deleteAgent: (id: string) => request<void>('DELETE', `/api/agents/${encodeURIComponent(id)}`),
    runAgent: (id: string) => request<{ executionId: string }>('POST', `/api/agents/${encodeURIComponent(id)}/run`),
    usage: () => request<Usage>('GET', '/api/usage'),
    /** One file a run kept, as a Blob (owner only; model-made, so shown only as an image or a download). */
    artifact: (executionId: string, name: string) =>
      request<Blob>(
        'GET',
        `/api/executions/${encodeURIComponent(executionId)}/artifacts/${encodeURIComponent(name)}`,
        undefined,
        {},
        'blob',
      ),
    /**
     * Starts a designer turn without waiting for it (`Prefer: respond-async`): the answer
     * comes as soon as the message is stored, and the reply grows in the conversation's
     * live messages. Sends the browser's time zone, the default for a draft's schedule.
     */
    chat: (message: string, opts: { conversationId?: string; agentId?: string } = {}) =>
      request<StartedTurn>(
        'POST',
        '/api/chat',
        { message, ...opts, timezone: browserTimeZone() },
        { Prefer: 'respond-async' },
      ),
    testRun: (conversationId: string) =>
      request<{ executionId: string }>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/test-run`),
    saveDraft: (conversationId: string) =>
      request<Agent>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/save`),
    /** Moves what a guest made to the signed-in account (after signing in to an existing Google account). */
    mergeGuest: (guestIdToken: string) =>
      request<{ moved: MergedCounts }>('POST', '/api/account/merge-guest', { guestIdToken }),
    // Deliveries (docs/api.md "Deliveries").
    testDelivery: (agentId: string, index: number) =>
      request<{ status: 'sent' }>('POST', `/api/agents/${encodeURIComponent(agentId)}/deliveries/${index}/test`),
    emailAddresses: () =>
      request<{ addresses: { email: string; confirmed: boolean }[] }>('GET', '/api/email-addresses'),
    addEmailAddress: (email: string) =>
      request<{ email: string; confirmed: boolean }>('POST', '/api/email-addresses', { email }),
    pushKey: () => request<{ publicKey: string }>('GET', '/api/push-key'),
    addPushSubscription: (subscription: unknown) =>
      request<{ endpoint: string }>('POST', '/api/push-subscriptions', subscription),
    // The library of work (docs/api.md "Your library of work").
    versions: (agentId: string) =>
      request<{ versions: AgentVersion[] }>('GET', `/api/agents/${encodeURIComponent(agentId)}/versions`),
    restoreVersion: (agentId: string, version: number) =>
      request<Agent>('POST', `/api/agents/${encodeURIComponent(agentId)}/versions/${version}/restore`),
    duplicateAgent: (agentId: string, locale: string) =>
      request<Agent>('POST', `/api/agents/${encodeURIComponent(agentId)}/duplicate`, undefined, {
        'Accept-Language': locale,
      }),
    templates: (locale: string) =>
      request<{ templates: Template[] }>(
        'GET',
        `/api/templates?${new URLSearchParams({ locale, timezone: browserTimeZone() ?? 'UTC' })}`,
      ),
    startFromTemplate: (templateId: string, locale: string) =>
      request<{ conversationId: string }>('POST', '/api/conversations', {
        templateId,
        locale,
        ...(browserTimeZone() ? { timezone: browserTimeZone() } : {}),
      }),
    runPage: (agentId: string, page: { limit: number; cursor?: string | null; q?: string | null }) => {
      const query = new URLSearchParams({ limit: String(page.limit) });
      if (page.cursor) query.set('cursor', page.cursor);
      if (page.q) query.set('q', page.q);
      return request<RunPage>('GET', `/api/agents/${encodeURIComponent(agentId)}/executions?${query}`);
    },
    markRunSeen: (executionId: string) =>
      request<void>('POST', `/api/executions/${encodeURIComponent(executionId)}/seen`),
    markAllResultsSeen: () => request<void>('POST', '/api/results/seen'),
  };
}

/** The browser's IANA time zone, or undefined when it cannot tell. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

export { ApiError };
