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
 *   regular files under `out/` (no links followed) into `kept/`, both uploaded
 *   by the build's `artifacts.objects` to `workspace-runs/<execution>/`.
 */

import {
  claudeArgs,
  sessionEnv,
  type WorkspaceFile,
  type WorkspaceJob,
  type WorkspaceResult,
  type WorkspaceRunner,
} from '../runs/workspace/port';
import { tarGz } from '../runs/workspace/tar';
import type { Config } from '../shared/config';
import { log } from '../shared/log';

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

export class CloudBuildWorkspace implements WorkspaceRunner {
  private builds?: Promise<import('@google-cloud/cloudbuild').CloudBuildClient>;
  private storage?: Promise<import('@google-cloud/storage').Storage>;

  constructor(private readonly config: Config) {}

  async run(job: WorkspaceJob, onLine: (line: string) => void): Promise<WorkspaceResult> {
    const { projectId, region } = this.config;
    const bucketName = this.config.artifacts.bucket;
    if (!projectId || !bucketName) throw new Error('Workspace runs need GOOGLE_CLOUD_PROJECT and ARTIFACTS_BUCKET.');
    this.builds ??= import('@google-cloud/cloudbuild').then((m) => new m.CloudBuildClient());
    this.storage ??= import('@google-cloud/storage').then((m) => new m.Storage());
    const [builds, storage] = await Promise.all([this.builds, this.storage]);
    const bucket = storage.bucket(bucketName);

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
      await new Promise((r) => setTimeout(r, POLL_MS));
      const [build] = await builds.getBuild({ name, projectId, id: buildId });
      status = String(build.status ?? 'STATUS_UNKNOWN') as BuildStatus;
      detail = build.statusDetail ?? '';
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
    for (const line of (await read('cli.jsonl')).toString('utf8').split('\n')) if (line.trim()) onLine(line.trim());
    if (state.timedOut) return { ended: 'timeout', exitCode: null, stderrTail: '', files: [] };
    const [objects] = await bucket.getFiles({ prefix: `${prefix}` });
    const files: WorkspaceFile[] = objects
      .filter(
        (o) =>
          /^[^/]+$/.test(o.name.slice(prefix.length)) &&
          !['cli.jsonl', 'status.json'].includes(o.name.slice(prefix.length)),
      )
      // Cloud Build also writes its manifest of uploaded objects here.
      .filter((o) => !/^artifacts-.*\.json$/.test(o.name.slice(prefix.length)))
      .map((o) => ({
        path: o.name.slice(prefix.length),
        bytes: Number(o.metadata.size ?? 0),
        read: async () => (await o.download())[0],
      }));
    return { ended: 'exited', exitCode: state.exitCode ?? null, stderrTail: state.stderr ?? '', files };
  }
}
