import { createApi } from '../src/data/api';
import { ApiError } from '../src/data/errors';

function fakeFetch(responses: Response[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = jest.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next;
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

/** A session with an ID token and, where the deployment uses App Check, an App Check token. */
const session = (idToken: string, appCheck: string | null = null) => ({
  idToken: async () => idToken,
  appCheckToken: async () => appCheck,
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('the API client', () => {
  it('sends the session’s ID token and a JSON body', async () => {
    const { fetch, calls } = fakeFetch([json({ conversationId: 'c1', message: {} })]);
    const api = createApi(session('tok'), fetch);
    await api.chat('hello', { conversationId: 'c1' });
    expect(calls[0]!.url).toBe('/api/chat');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.headers).toMatchObject({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      message: 'hello',
      conversationId: 'c1',
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
  });

  it('asks for answers in the language the person chose, as it is when each request goes', async () => {
    const { fetch, calls } = fakeFetch([json({ executionId: 'e1' }), json({ executionId: 'e2' })]);
    let language: 'ko' | 'en' = 'ko';
    const api = createApi(session('tok'), fetch, () => language);
    await api.runAgent('a1');
    language = 'en';
    await api.runAgent('a1');
    expect(calls.map((c) => (c.init.headers as Record<string, string>)['Accept-Language'])).toEqual(['ko', 'en']);
  });

  it('tells the designer the browser’s time zone, so "9am" means 9am where the person is', async () => {
    const { fetch, calls } = fakeFetch([json({ conversationId: 'c1', message: {} })]);
    const zone = jest.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({
      ...new Intl.DateTimeFormat().resolvedOptions(),
      timeZone: 'America/New_York',
    });
    await createApi(session('tok'), fetch).chat('every day at 9am, tech news');
    zone.mockRestore();
    expect(JSON.parse(calls[0]!.init.body as string).timezone).toBe('America/New_York');
  });

  it('turns the error body into an ApiError with the field details to show inline', async () => {
    const { fetch } = fakeFetch([
      json(
        {
          error: {
            code: 'invalid_argument',
            message: 'Invalid agent',
            details: [{ field: 'name', message: 'Too long' }],
          },
        },
        400,
      ),
    ]);
    const api = createApi(session('tok'), fetch);
    const err = (await api.updateAgent('a1', { name: 'x'.repeat(200) }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_argument', status: 400, message: 'Invalid agent' });
    expect(err.details).toEqual([{ field: 'name', message: 'Too long' }]);
  });

  it('retries once with a fresh token when the old one is refused', async () => {
    const { fetch, calls } = fakeFetch([
      json({ error: { code: 'unauthenticated', message: 'expired' } }, 401),
      json({ executionId: 'e1' }, 202),
    ]);
    const idToken = jest.fn(async (refresh?: boolean) => (refresh ? 'fresh' : 'stale'));
    const api = createApi({ idToken, appCheckToken: async () => null }, fetch);
    await expect(api.runAgent('a1')).resolves.toEqual({ executionId: 'e1' });
    expect(calls.map((c) => (c.init.headers as Record<string, string>).Authorization)).toEqual([
      'Bearer stale',
      'Bearer fresh',
    ]);
  });

  it('sends the App Check token where the deployment uses App Check, and none where it does not', async () => {
    const { fetch, calls } = fakeFetch([json({ executionId: 'e1' }, 202), json({ executionId: 'e2' }, 202)]);
    await createApi(session('tok', 'app-check-token'), fetch).runAgent('a1');
    await createApi(session('tok', null), fetch).runAgent('a1');
    const sent = calls.map((c) => (c.init.headers as Record<string, string>)['X-Firebase-AppCheck']);
    expect(sent).toEqual(['app-check-token', undefined]);
  });

  it('a refused call is tried again with a fresh ID token and a fresh App Check token', async () => {
    const { fetch, calls } = fakeFetch([
      json({ error: { code: 'unauthenticated', message: 'App Check token expired' } }, 401),
      json({ executionId: 'e1' }, 202),
    ]);
    const appCheckToken = jest.fn(async (refresh?: boolean) => (refresh ? 'fresh-check' : 'stale-check'));
    await createApi({ idToken: async () => 'tok', appCheckToken }, fetch).runAgent('a1');
    expect(calls.map((c) => (c.init.headers as Record<string, string>)['X-Firebase-AppCheck'])).toEqual([
      'stale-check',
      'fresh-check',
    ]);
  });

  it('answers nothing for 204 (delete)', async () => {
    const { fetch, calls } = fakeFetch([new Response(null, { status: 204 })]);
    const api = createApi(session('tok'), fetch);
    await expect(api.deleteAgent('a/1')).resolves.toBeUndefined();
    expect(calls[0]!.url).toBe('/api/agents/a%2F1');
  });

  it('reports a network failure as unavailable, in words', async () => {
    const { fetch } = fakeFetch([]);
    const api = createApi(session('tok'), fetch);
    await expect(api.usage()).rejects.toMatchObject({ code: 'unavailable', message: 'Failed to fetch' });
  });

  it('keeps a non-JSON error page’s status meaning', async () => {
    const { fetch } = fakeFetch([
      new Response('<html>Bad gateway</html>', { status: 503, statusText: 'Service Unavailable' }),
    ]);
    const api = createApi(session('tok'), fetch);
    await expect(api.saveDraft('c1')).rejects.toMatchObject({ code: 'unavailable', message: 'Service Unavailable' });
  });
});

describe('a chat turn that failed after it began', () => {
  it('carries the conversation it is stored in, so the page can show it', async () => {
    const body = {
      error: { code: 'unavailable', message: 'The model service is overloaded right now.', conversationId: 'c42' },
    };
    const { fetch } = fakeFetch([json(body, 503)]);
    const err = await createApi(session('tok'), fetch)
      .chat('hello')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'unavailable', status: 503, conversationId: 'c42' });
  });
});
