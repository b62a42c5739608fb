/**
 * The local WorkspaceRunner: the step a workspace run's Cloud Build build runs,
 * as a subprocess in a fresh temporary folder. Claude Code comes from npm (its
 * native linux binary); it is spawned with an argument array and no shell, the
 * prompt written to a file and given on standard input, so quotes, `$(…)` and
 * newlines reach it as they are. At the time limit the whole process group is
 * killed and no files are kept, as a Cloud Build build that times out uploads
 * no artifacts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type {
  WorkspaceFile,
  WorkspaceJob,
  WorkspaceResult,
  WorkspaceRunner,
} from '@agent-platform/functions/workspace';
import { claudeArgs, claudeEnv, sessionEnv } from '@agent-platform/functions/workspace';

/** Lines of stderr kept for a failure's message. */
const STDERR_TAIL_CHARS = 2_000;
/** Files listed under `out/` at most (the engine keeps fewer); a run that made more gets the first ones. */
const LIST_MAX = 200;

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
      const files = ended.ended === 'exited' ? await listOut(join(work, 'out')) : [];
      // Read now: the folder goes away when this returns.
      const loaded = await Promise.all(files.map(async (f) => ({ ...f, data: await readFile(f.full) })));
      return {
        ...ended,
        files: loaded.map<WorkspaceFile>((f) => ({ path: f.path, bytes: f.data.byteLength, read: async () => f.data })),
      };
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
 * Regular files under `out/`, found without following links: a symlink (to a
 * file outside, or anywhere) is not listed, nor anything under a linked folder.
 */
async function listOut(out: string): Promise<{ path: string; full: string }[]> {
  const found: { path: string; full: string }[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8 || found.length >= LIST_MAX) return;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      const stat = await lstat(full);
      if (stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) await walk(full, depth + 1);
      else if (stat.isFile() && found.length < LIST_MAX)
        found.push({ path: relative(out, full).split('\\').join('/'), full });
    }
  };
  await walk(out, 0);
  return found;
}
