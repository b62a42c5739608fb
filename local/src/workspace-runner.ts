/**
 * The local WorkspaceRunner: the step a workspace run's Cloud Build build runs,
 * as a subprocess in a fresh temporary folder. Claude Code comes from npm (its
 * native linux binary); it is spawned with an argument array and no shell, the
 * prompt written to a file and given on standard input, so quotes, `$(…)` and
 * newlines reach it as they are. At the time limit the whole process group is
 * killed and no files are kept, as a Cloud Build build that times out uploads
 * no artifacts.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type {
  WorkspaceFile,
  WorkspaceJob,
  WorkspaceResult,
  WorkspaceRunner,
} from '@agent-platform/functions/workspace';
import { claudeArgs, claudeEnv, KEPT_PATHS, parseKeptPaths, sessionEnv } from '@agent-platform/functions/workspace';
import { findUpwards } from './repo-file';

/** Lines of stderr kept for a failure's message. */
const STDERR_TAIL_CHARS = 2_000;
/** The workspace image's own step that keeps a run's files (docker/workspace/keep-files.mjs). */
const KEEP_FILES = () => findUpwards(__dirname, 'docker/workspace/keep-files.mjs');
const execFileAsync = promisify(execFile);

/**
 * Claude Code's native binary from npm. The `claude` bin of the package is a
 * stub its postinstall replaces; the platform package holds the real binary,
 * so it is found there without running any install script.
 */
export function claudeBinary(): string {
  const require = createRequire(__filename);
  const pkg = `@anthropic-ai/claude-code-${process.platform}-${process.arch}`;
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'claude');
}

export interface LocalWorkspaceOptions {
  /** Where Claude Code sends its model calls (the offline stand-in, or Claude). */
  endpoint: () => { apiKey: string; baseURL: string | undefined };
  /** The command to run instead of Claude Code (tests); gets the same arguments. */
  command?: string;
  /** Parent of the temporary folders (the system's temp folder by default). */
  tempRoot?: string;
}

export class LocalWorkspaceRunner implements WorkspaceRunner {
  constructor(private readonly options: LocalWorkspaceOptions) {}

  async run(job: WorkspaceJob, onLine: (line: string) => void): Promise<WorkspaceResult> {
    const root = await mkdtemp(join(this.options.tempRoot ?? tmpdir(), 'workspace-'));
    const work = join(root, 'workspace');
    const home = join(root, 'home');
    try {
      await Promise.all([mkdir(join(work, 'out'), { recursive: true }), mkdir(home, { recursive: true })]);
      await writeFile(join(work, 'prompt.txt'), job.prompt, 'utf8');
      await writeFile(join(work, 'system.txt'), job.systemPrompt, 'utf8');
      const ended = await this.spawnCli(job, work, home, onLine);
      const files = ended.ended === 'exited' ? await keepOut(work) : [];
      return { ...ended, files };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }

  private spawnCli(
    job: WorkspaceJob,
    cwd: string,
    home: string,
    onLine: (line: string) => void,
  ): Promise<Omit<WorkspaceResult, 'files'>> {
    return new Promise((resolve) => {
      const stdin = openSync(join(cwd, 'prompt.txt'), 'r');
      let child: ChildProcess;
      try {
        child = spawn(this.options.command ?? claudeBinary(), claudeArgs(job), {
          cwd,
          // Only what the CLI needs: no secrets of the host leak into the workspace.
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            LANG: 'C.UTF-8',
            ...claudeEnv(this.options.endpoint(), home),
            ...sessionEnv(job),
          },
          stdio: [stdin, 'pipe', 'pipe'],
          // Its own process group, so a timeout kills everything it started.
          detached: true,
          shell: false,
        });
      } finally {
        closeSync(stdin);
      }
      let ended: WorkspaceResult['ended'] = 'exited';
      let stderr = '';
      let pending = '';
      const kill = (why: WorkspaceResult['ended']) => {
        if (ended !== 'exited') return;
        ended = why;
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      const timer = setTimeout(() => kill('timeout'), job.timeoutSeconds * 1000);
      const onAbort = () => kill('aborted');
      job.signal.addEventListener('abort', onAbort, { once: true });
      if (job.signal.aborted) onAbort();
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        let at = pending.indexOf('\n');
        while (at >= 0) {
          const line = pending.slice(0, at).trim();
          pending = pending.slice(at + 1);
          if (line) onLine(line);
          at = pending.indexOf('\n');
        }
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
      });
      const finish = (exitCode: number | null) => {
        clearTimeout(timer);
        job.signal.removeEventListener('abort', onAbort);
        if (pending.trim()) onLine(pending.trim());
        // A timed-out CLI may leave children holding the pipes: make sure the group is gone.
        if (ended !== 'exited' && child.pid) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }
        resolve({ ended, exitCode, stderrTail: stderr.trim() });
      };
      child.once('error', (err) => {
        stderr = `${stderr}\n${err.message}`.slice(-STDERR_TAIL_CHARS);
        finish(null);
      });
      child.once('exit', (code) => {
        // The CLI's own children may still hold stdout; kill the group so 'close' comes.
        if (child.pid) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }
        child.once('close', () => finish(code));
      });
    });
  }
}

/**
 * The files under `out/`, kept as the image's step keeps them: its own
 * keep-files.mjs copies them to `kept/` with `paths.json` (regular files only,
 * no links followed, the first 200), then they are read back here, before the
 * folder goes away.
 */
async function keepOut(work: string): Promise<WorkspaceFile[]> {
  await mkdir(join(work, 'kept'), { recursive: true });
  await execFileAsync(process.execPath, [KEEP_FILES(), 'out', 'kept'], { cwd: work });
  const kept = join(work, 'kept');
  const paths = parseKeptPaths(await readFile(join(kept, KEPT_PATHS))) ?? {};
  return Promise.all(
    Object.entries(paths).map(async ([file, path]) => {
      const data = await readFile(join(kept, file));
      return { path, bytes: data.byteLength, read: async () => data };
    }),
  );
}
