/**
 * Workspace runs through the local stack with the offline model: Claude Code
 * (the real CLI from npm) runs in a temporary folder, the stand-in answers with
 * Claude Code's own Write call, and the file it made is kept, listed on the run
 * and downloadable by its owner only. Scheduled runs go the same way.
 */
import { parse as parseDisposition } from 'content-disposition';
import { startStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack;
let owner: { idToken: string };
let stranger: { idToken: string };

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.guest();
  stranger = await stack.guest();
});
afterAll(async () => {
  await stack?.stop();
});

async function createAgent(body: Record<string, unknown>) {
  const res = await stack.api(owner.idToken, 'POST', '/api/agents', {
    name: 'Sales chart',
    finalAgentPrompt: 'Draw a chart of monthly sales and save it as a file.',
    engine: 'workspace',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; engine: string; nextRunAt: string | null };
}

const download = (token: string | undefined, path: string) =>
  fetch(`${stack.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('a workspace run', () => {
  test('runs Claude Code now, records usage and cost, and keeps the chart it wrote for its owner alone', async () => {
    const agent = await createAgent({});
    expect(agent.engine).toBe('workspace');
    const started = await stack.api(owner.idToken, 'POST', `/api/agents/${agent.id}/run`);
    expect(started.status).toBe(202);
    await stack.tasks.idle();

    const run = (await stack.api(owner.idToken, 'GET', `/api/executions/${started.body.executionId}`)).body;
    expect(run.status).toBe('success');
    expect(run.result).toContain('Offline stand-in result');
    expect(run.artifacts).toEqual([{ name: 'chart.svg', bytes: expect.any(Number), contentType: 'image/svg+xml' }]);
    expect(run.tokenUsage.input).toBeGreaterThan(1000); // Claude Code's own system prompt is large
    expect(run.tokenUsage.output).toBeGreaterThan(0);
    expect(run.costUsd).toBeGreaterThan(0);
    const codes = run.events.map((e: { code: string }) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['workspace_started', 'workspace_file', 'artifact_kept', 'finished']));
    const after = (await stack.api(owner.idToken, 'GET', `/api/agents/${agent.id}`)).body;
    expect(after.costUsd).toBeCloseTo(run.costUsd, 6);

    const path = `/api/executions/${run.id}/artifacts/chart.svg`;
    const mine = await download(owner.idToken, path);
    expect(mine.status).toBe(200);
    const svg = await mine.text();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(Buffer.byteLength(svg)).toBe(run.artifacts[0].bytes);
    expect(mine.headers.get('content-type')).toBe('image/svg+xml');
    expect(parseDisposition(mine.headers.get('content-disposition') ?? '')).toEqual({
      type: 'attachment',
      parameters: { filename: 'chart.svg' },
    });
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    // Hosting's own policy (firebase.json) stands in front of the function's sandbox policy: no script either way.
    expect(mine.headers.get('content-security-policy')).toMatch(/default-src '(none|self)'/);

    const theirs = await download(stranger.idToken, path);
    expect(theirs.status).toBe(404);
    expect(((await theirs.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await download(undefined, path)).status).toBe(401);
    for (const name of ['other.svg', '..%2Fstore.db', '..%2F..%2Fstore.db', 'chart.svg%00', 'CHART.SVG']) {
      expect((await download(owner.idToken, `/api/executions/${run.id}/artifacts/${name}`)).status).toBe(404);
    }
  });

  test('a file Claude names in Korean keeps its name, in the list and in the download', async () => {
    const agent = await createAgent({ finalAgentPrompt: '월별 매출 차트를 그려서 파일로 저장해 주세요.' });
    const started = await stack.api(owner.idToken, 'POST', `/api/agents/${agent.id}/run`);
    await stack.tasks.idle();
    const run = (await stack.api(owner.idToken, 'GET', `/api/executions/${started.body.executionId}`)).body;
    expect(run.artifacts.map((a: { name: string }) => a.name)).toEqual(['차트.svg']);

    const file = await download(owner.idToken, `/api/executions/${run.id}/artifacts/${encodeURIComponent('차트.svg')}`);
    expect(file.status).toBe(200);
    expect((await file.text()).startsWith('<svg')).toBe(true);
    // RFC 8187's filename* carries the Korean name; the plain filename is an ASCII stand-in.
    const disposition = parseDisposition(file.headers.get('content-disposition') ?? '');
    expect(disposition.type).toBe('attachment');
    expect(disposition.parameters.filename).toBe('차트.svg');
    // The same letters decomposed (as macOS writes them) are not the kept name.
    const nfd = encodeURIComponent('차트.svg'.normalize('NFD'));
    expect((await download(owner.idToken, `/api/executions/${run.id}/artifacts/${nfd}`)).status).toBe(404);
  });

  test('runs on schedule the same way and the schedule goes on', async () => {
    const agent = await createAgent({
      finalAgentPrompt: '월별 매출을 CSV 파일로 정리해 주세요.',
      schedule: { frequency: 'hourly', time: '00:10', timezone: 'UTC' },
      status: 'active',
    });
    const at = agent.nextRunAt as string;
    stack.clock.set(new Date(Date.parse(at) + 1000));
    await stack.tasks.idle();
    const runs = (await stack.api(owner.idToken, 'GET', `/api/agents/${agent.id}/executions`)).body.executions;
    const next = new Date(Date.parse(at) + 3600_000).toISOString();
    // Newest first: the next hour's run, queued, then the one that ran.
    expect(runs.map((r: { scheduledFor: string; status: string }) => [r.scheduledFor, r.status])).toEqual([
      [next, 'queued'],
      [at, 'success'],
    ]);
    const ran = runs[1];
    expect(ran.result).toContain('오프라인 대체 모델의 결과');
    expect(ran.artifacts.map((a: { name: string }) => a.name)).toEqual(['데이터.csv']);
    const csvPath = `/api/executions/${ran.id}/artifacts/${encodeURIComponent('데이터.csv')}`;
    const csv = await (await download(owner.idToken, csvPath)).text();
    expect(csv.split('\n')[0]).toBe('period,value (sample)');
    const after = (await stack.api(owner.idToken, 'GET', `/api/agents/${agent.id}`)).body;
    expect(after.nextRunAt).toBe(next);
  });
});
