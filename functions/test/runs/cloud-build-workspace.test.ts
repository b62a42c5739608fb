/**
 * The production workspace runner against fakes of Cloud Build and Cloud Storage
 * that behave as the real ones do where it matters: a build's status moves from
 * QUEUED to WORKING to its end; an object is replaced whole by each upload, a
 * read from an offset past its end answers 416, a missing object 404.
 */
import { buildRequest, CloudBuildWorkspace, progressObject } from '../../src/adapters/cloud-build-workspace';
import { claudeArgs, type WorkspaceJob } from '../../src/runs/workspace/port';
import { loadConfig } from '../../src/shared/config';

const config = loadConfig({
  PLATFORM_ENV: 'test',
  GOOGLE_CLOUD_PROJECT: 'demo-project',
  ARTIFACTS_BUCKET: 'demo-artifacts',
  WORKSPACE_IMAGE: 'europe-west1-docker.pkg.dev/demo-project/stg-workspace/workspace:latest',
  WORKSPACE_SERVICE_ACCOUNT: 'projects/demo-project/serviceAccounts/stg-workspace@demo-project.iam.gserviceaccount.com',
  WORKSPACE_API_KEY_SECRET: 'projects/demo-project/secrets/anthropic-api-key/versions/latest',
});

const job = (over: Partial<WorkspaceJob> = {}): WorkspaceJob => ({
  executionId: 'exec-1',
  prompt: 'Say "hi" `ls` $(rm -rf /)\n한국어',
  systemPrompt: 'You run unattended.',
  model: 'claude-sonnet-5-5',
  tools: [],
  maxTurns: 5,
  maxBudgetUsd: 0.3,
  maxOutputTokens: 8000,
  timeoutSeconds: 300,
  signal: new AbortController().signal,
  ...over,
});

class FakeObject {
  data: Buffer | null = null;
  async save(data: Buffer) {
    this.data = Buffer.from(data);
  }
  async download(options: { start?: number } = {}): Promise<[Buffer]> {
    if (!this.data) throw Object.assign(new Error('No such object'), { code: 404 });
    const start = options.start ?? 0;
    if (start > 0 && start >= this.data.length) throw Object.assign(new Error('Range Not Satisfiable'), { code: 416 });
    return [this.data.subarray(start)];
  }
}

function fakeCloud(script: { progress: string[]; cli: string; files?: Record<string, string> }) {
  const objects = new Map<string, FakeObject>();
  const file = (name: string) => {
    if (!objects.has(name)) objects.set(name, new FakeObject());
    return objects.get(name) as FakeObject;
  };
  let polls = 0;
  const requests: unknown[] = [];
  const prefix = 'workspace-runs/exec-1/';
  const clients = {
    builds: {
      createBuild: async (req: { build: unknown }) => {
        requests.push(req.build);
        return [{ metadata: { build: { id: 'b-1' } } }];
      },
      getBuild: async () => {
        // Between polls the step uploads a longer prefix of its log, as upload-progress.mjs does.
        const upload = script.progress[polls];
        if (upload !== undefined) await file(progressObject('exec-1')).save(Buffer.from(upload));
        polls++;
        const done = polls > script.progress.length;
        if (done) {
          await file(`${prefix}cli.jsonl`).save(Buffer.from(script.cli));
          await file(`${prefix}status.json`).save(Buffer.from('{"exitCode":0}\n'));
          for (const [name, body] of Object.entries(script.files ?? {}))
            await file(prefix + name).save(Buffer.from(body));
        }
        return [{ status: done ? 'SUCCESS' : polls === 1 ? 'QUEUED' : 'WORKING', statusDetail: '' }];
      },
      cancelBuild: async () => [{}],
    },
    bucket: () => ({
      file,
      getFiles: async ({ prefix: p }: { prefix: string }) => [
        [...objects.entries()]
          .filter(([name, o]) => name.startsWith(p) && o.data)
          .map(([name, o]) => ({
            name,
            metadata: { size: String(o.data?.length) },
            download: async () => [o.data as Buffer] as [Buffer],
          })),
      ],
    }),
  };
  return { clients: clients as never, requests, polls: () => polls };
}

const line = (n: number) => JSON.stringify({ type: 'assistant', n });

describe('the build request', () => {
  test('carries the fixed flags, the limits and the live log object, never the prompt or the key', () => {
    const request = buildRequest(config, job(), {
      bucket: 'demo-artifacts',
      object: 'workspace-sources/exec-1.tar.gz',
    });
    const step = request.steps[0];
    expect(step?.args).toEqual(claudeArgs(job()));
    expect(step?.args).toContain('0.30');
    expect(step?.env).toEqual([
      'WORKSPACE_TIMEOUT_SECONDS=300',
      'PROGRESS_OBJECT=gs://demo-artifacts/workspace-progress/exec-1.jsonl',
      'CLAUDE_CODE_MAX_OUTPUT_TOKENS=8000',
    ]);
    expect(step?.secretEnv).toEqual(['ANTHROPIC_API_KEY']);
    const text = JSON.stringify(request);
    expect(text).not.toContain('rm -rf');
    expect(text).not.toContain('한국어');
    expect(request.options.logging).toBe('CLOUD_LOGGING_ONLY');
  });
});

describe('a workspace build', () => {
  test('hands on its log while it runs, and the lines it missed once it ends, each exactly once', async () => {
    const cli = `${[1, 2, 3, 4, 5, 6].map(line).join('\n')}\n`;
    // Upload 1: nothing yet; 2: two lines; 3: four lines and half of the fifth; then the build ends.
    const progress = ['', `${line(1)}\n${line(2)}\n`, `${[1, 2, 3, 4].map(line).join('\n')}\n${line(5).slice(0, 9)}`];
    const cloud = fakeCloud({ progress, cli, files: { 'chart.svg': '<svg/>' } });
    const seen: { line: string; poll: number }[] = [];
    const runner = new CloudBuildWorkspace(config, cloud.clients, 1);
    const result = await runner.run(job(), (l) => seen.push({ line: l, poll: cloud.polls() }));

    expect(seen.map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 6].map(line));
    // Lines 1–4 arrived while the build was still working (before the poll that saw it end).
    expect(seen.slice(0, 4).every((s) => s.poll <= progress.length)).toBe(true);
    expect(seen.slice(4).every((s) => s.poll > progress.length)).toBe(true);
    expect(result).toEqual({
      ended: 'exited',
      exitCode: 0,
      stderrTail: '',
      files: [{ path: 'chart.svg', bytes: 6, read: expect.any(Function) }],
    });
    // The live log object is not one of the run's files.
    expect(result.files.map((f) => f.path)).not.toContain('exec-1.jsonl');
  });

  test('its files come with the paths they had under out/, Korean names whole', async () => {
    const files = {
      f0: '<svg/>',
      f1: 'a,b',
      'paths.json': JSON.stringify({ f0: '차트/주간 요약.svg', f1: 'data.csv' }),
    };
    const cloud = fakeCloud({ progress: [], cli: `${line(1)}\n`, files });
    const result = await new CloudBuildWorkspace(config, cloud.clients, 1).run(job(), () => {});
    expect(result.files.map((f) => [f.path, f.bytes])).toEqual([
      ['차트/주간 요약.svg', 6],
      ['data.csv', 3],
    ]);
    const first = result.files[0];
    expect(first && Buffer.from(await first.read()).toString()).toBe('<svg/>');
  });

  test('with no live log at all (the copier could not write), every line still comes once from cli.jsonl', async () => {
    const cli = `${[1, 2, 3].map(line).join('\n')}\n`;
    const cloud = fakeCloud({ progress: [], cli });
    const seen: string[] = [];
    await new CloudBuildWorkspace(config, cloud.clients, 1).run(job(), (l) => seen.push(l));
    expect(seen).toEqual([1, 2, 3].map(line));
  });
});
