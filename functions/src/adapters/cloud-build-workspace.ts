/**
 * Production WorkspaceRunner: one Cloud Build build per workspace run, from the
 * prebuilt workspace image (docker/workspace/, pushed to Artifact Registry by
 * the deploy script; nothing is installed at run time).
 *
 * - The prompt and system text travel as files in the build's source (a small
 *   tar.gz in the artifacts bucket), never in the build's configuration or a
 *   shell line; the step's arguments are the CLI's fixed flags (port.ts).
 * - The Claude API key comes from Secret Manager through `availableSecrets` and
 *   the step's `secretEnv`, so it never appears in the build's config or logs.
 * - Bounded machine (`WORKSPACE_MACHINE_TYPE`) and timeouts: the step's own
 *   `timeout` command stops Claude Code at the limit and the step still ends
 *   well, because Cloud Build uploads artifacts only after every step succeeded;
 *   the build's timeout is a backstop a little later.
 * - The step writes the CLI's stream-json lines to `cli.jsonl` and copies the
 *   regular files under `out/` (no links followed) into `kept/` as `f0`, `f1`, …
 *   with `paths.json` naming each one's path, all uploaded by the build's
 *   `artifacts.objects` to `workspace-runs/<execution>/`; the files are then named
 *   from their paths as the local runner's are (artifacts/names.ts).
 * - Live log: while the CLI runs, the step copies its lines so far to
 *   `workspace-progress/<execution>.jsonl` every couple of seconds, and each poll
 *   hands on the new ones (build-progress.ts); the rest come from `cli.jsonl`.
 */

import {
  claudeArgs,
  KEPT_PATHS,
  parseKeptPaths,
  sessionEnv,
  type WorkspaceFile,
  type WorkspaceJob,
  type WorkspaceResult,
  type WorkspaceRunner,
} from '../runs/workspace/port';
import { tarGz } from '../runs/workspace/tar';
import type { Config } from '../shared/config';
import { log } from '../shared/log';
import { BuildProgress } from './build-progress';

/** How often the build's status is read while it runs. */
const POLL_MS = 5_000;
/** Time the build may take beyond the CLI's limit: starting the step, uploading the files. */
const BUILD_SLACK_SECONDS = 120;
/** Builds wait in Cloud Build's queue at most this long before they expire (`queueTtl`). */
const QUEUE_TTL_SECONDS = 120;

type BuildStatus =
  | 'STATUS_UNKNOWN'
  | 'PENDING'
  | 'QUEUED'
  | 'WORKING'
  | 'SUCCESS'
  | 'FAILURE'
  | 'INTERNAL_ERROR'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'EXPIRED';

/** Where a run's step copies the CLI's lines while it runs (build-progress.ts). */
export const progressObject = (executionId: string) => `workspace-progress/${executionId}.jsonl`;

/** The build request of a job: pure, so tests can check what is (and is not) in it. */
export function buildRequest(config: Config, job: WorkspaceJob, source: { bucket: string; object: string }) {
  const { workspace } = config;
  if (!workspace.image || !workspace.serviceAccount || !workspace.apiKeySecret) {
    throw new Error(
      'Workspace runs are not configured: set WORKSPACE_IMAGE, WORKSPACE_SERVICE_ACCOUNT and WORKSPACE_API_KEY_SECRET (Terraform).',
    );
  }
  const args = claudeArgs(job);
  // Cloud Build expands `$NAME` in step fields; our arguments have none, and must not.
  if (args.some((a) => a.includes('$'))) throw new Error('A workspace argument contains "$".');
  return {
    source: { storageSource: { bucket: source.bucket, object: source.object } },
    steps: [
      {
        name: workspace.image,
        entrypoint: '/usr/local/bin/run-workspace',
        args,
        env: [
          `WORKSPACE_TIMEOUT_SECONDS=${job.timeoutSeconds}`,
          `PROGRESS_OBJECT=gs://${source.bucket}/${progressObject(job.executionId)}`,
          ...Object.entries(sessionEnv(job)).map(([k, v]) => `${k}=${v}`),
        ],
        secretEnv: ['ANTHROPIC_API_KEY'],
        timeout: { seconds: job.timeoutSeconds + 60 },
      },
    ],
    availableSecrets: { secretManager: [{ versionName: workspace.apiKeySecret, env: 'ANTHROPIC_API_KEY' }] },
    artifacts: {
      objects: {
        location: `gs://${source.bucket}/workspace-runs/${job.executionId}/`,
        paths: ['cli.jsonl', 'status.json', 'kept/*'],
      },
    },
    timeout: { seconds: job.timeoutSeconds + BUILD_SLACK_SECONDS },
    queueTtl: { seconds: QUEUE_TTL_SECONDS },
    serviceAccount: workspace.serviceAccount,
    options: { machineType: workspace.machineType, logging: 'CLOUD_LOGGING_ONLY' as const },
    tags: ['agent-workspace'],
  };
}

/** The parts of the Cloud Build and Cloud Storage clients the runner uses (tests give fakes). */
export interface BuildClients {
  builds: Pick<import('@google-cloud/cloudbuild').CloudBuildClient, 'createBuild' | 'getBuild' | 'cancelBuild'>;
  bucket(name: string): StorageBucket;
}

interface StorageFile {
  save(data: Buffer, options: { resumable: boolean; contentType: string }): Promise<unknown>;
  download(options?: { start?: number }): Promise<[Buffer]>;
}

interface StorageBucket {
  file(name: string): StorageFile;
  getFiles(query: {
    prefix: string;
  }): Promise<[{ name: string; metadata: { size?: string | number }; download(): Promise<[Buffer]> }[]]>;
}

async function googleClients(): Promise<BuildClients> {
  const [{ CloudBuildClient }, { Storage }] = await Promise.all([
    import('@google-cloud/cloudbuild'),
    import('@google-cloud/storage'),
  ]);
  const storage = new Storage();
  return { builds: new CloudBuildClient(), bucket: (name) => storage.bucket(name) as unknown as StorageBucket };
}

/** Bytes of an object from `start`: null when it does not exist, empty when nothing is past `start`. */
async function readFrom(file: StorageFile, start: number): Promise<Buffer | null> {
  try {
    return (await file.download({ start }))[0];
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === 404) return null;
    // 416: the object is no longer than what was read already.
    if (code === 416) return Buffer.alloc(0);
    throw err;
  }
}

export class CloudBuildWorkspace implements WorkspaceRunner {
  private clients?: Promise<BuildClients>;

  constructor(
    private readonly config: Config,
    clients?: BuildClients,
    private readonly pollMs = POLL_MS,
  ) {
    if (clients) this.clients = Promise.resolve(clients);
  }

  async run(job: WorkspaceJob, onLine: (line: string) => void): Promise<WorkspaceResult> {
    const { projectId, region } = this.config;
    const bucketName = this.config.artifacts.bucket;
    if (!projectId || !bucketName) throw new Error('Workspace runs need GOOGLE_CLOUD_PROJECT and ARTIFACTS_BUCKET.');
    this.clients ??= googleClients();
    const { builds, bucket: bucketOf } = await this.clients;
    const bucket = bucketOf(bucketName);

    const object = `workspace-sources/${job.executionId}.tar.gz`;
    await bucket.file(object).save(tarGz({ 'prompt.txt': job.prompt, 'system.txt': job.systemPrompt }), {
      resumable: false,
      contentType: 'application/gzip',
    });
    const parent = `projects/${projectId}/locations/${region}`;
    const [operation] = await builds.createBuild({
      parent,
      projectId,
      build: buildRequest(this.config, job, { bucket: bucketName, object }) as never,
    });
    const buildId = (operation.metadata as { build?: { id?: string } } | undefined)?.build?.id;
    if (!buildId) throw new Error('Cloud Build did not say which build it started.');
    const name = `${parent}/builds/${buildId}`;
    log.info('workspace build started', { executionId: job.executionId, buildId });

    const progressFile = bucket.file(progressObject(job.executionId));
    const progress = new BuildProgress((start) => readFrom(progressFile, start));
    let progressFailed = false;
    let status: BuildStatus = 'QUEUED';
    let detail = '';
    let aborted = false;
    while (!['SUCCESS', 'FAILURE', 'INTERNAL_ERROR', 'TIMEOUT', 'CANCELLED', 'EXPIRED'].includes(status)) {
      if (job.signal.aborted && !aborted) {
        aborted = true;
        await builds
          .cancelBuild({ name, projectId, id: buildId })
          .catch((err) => log.warn('could not cancel a workspace build', { buildId, err }));
      }
      await new Promise((r) => setTimeout(r, this.pollMs));
      const [build] = await builds.getBuild({ name, projectId, id: buildId });
      status = String(build.status ?? 'STATUS_UNKNOWN') as BuildStatus;
      detail = build.statusDetail ?? '';
      // The live log is a courtesy: a read that fails leaves the lines to cli.jsonl at the end.
      await progress.poll(onLine).catch((err) => {
        if (!progressFailed) log.warn("could not read a workspace build's live log", { buildId, err });
        progressFailed = true;
      });
    }
    if (aborted || status === 'CANCELLED') return { ended: 'aborted', exitCode: null, stderrTail: detail, files: [] };
    if (status === 'TIMEOUT') return { ended: 'timeout', exitCode: null, stderrTail: detail, files: [] };
    if (status !== 'SUCCESS')
      return { ended: 'exited', exitCode: null, stderrTail: `Cloud Build ${status}: ${detail}`, files: [] };

    const prefix = `workspace-runs/${job.executionId}/`;
    const read = async (file: string) => (await bucket.file(prefix + file).download())[0];
    const state = JSON.parse((await read('status.json')).toString('utf8')) as {
      exitCode?: number;
      timedOut?: boolean;
      stderr?: string;
    };
    progress.finish((await read('cli.jsonl')).toString('utf8'), onLine);
    if (state.timedOut) return { ended: 'timeout', exitCode: null, stderrTail: '', files: [] };
    const [objects] = await bucket.getFiles({ prefix: `${prefix}` });
    const named = objects.map((o) => ({ o, name: o.name.slice(prefix.length) }));
    const paths = named.some((f) => f.name === KEPT_PATHS) ? parseKeptPaths(await read(KEPT_PATHS)) : null;
    const files: WorkspaceFile[] = named
      .filter(({ name }) => /^[^/]+$/.test(name) && !['cli.jsonl', 'status.json', KEPT_PATHS].includes(name))
      // Cloud Build also writes its manifest of uploaded objects here.
      .filter(({ name }) => !/^artifacts-.*\.json$/.test(name))
      .flatMap(({ o, name }) => {
        // An image from before paths.json kept files under their flattened names.
        const path = paths ? paths[name] : name;
        if (path === undefined) return [];
        return [{ path, bytes: Number(o.metadata.size ?? 0), read: async () => (await o.download())[0] }];
      });
    return { ended: 'exited', exitCode: state.exitCode ?? null, stderrTail: state.stderr ?? '', files };
  }
}
