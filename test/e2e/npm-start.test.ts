/**
 * End-to-end smoke test of `npm start` itself: boots the whole local stack as a
 * user would (the same script, a free port, a fresh data directory), then checks
 * health, guest sessions, the real routing and token check of /api, the page,
 * a clean Ctrl-C, and that saved data and guest sessions survive a restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../support/stack';

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function npmStart(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [join(ROOT_DIR, 'local', 'scripts', 'start.mjs')], {
    cwd: ROOT_DIR,
    env: { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir, ANTHROPIC_API_KEY: '', LOG_LEVEL: 'WARNING' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print its URL in 30 s:\n${output}`)), 30_000);
    const check = () => {
      const m = /running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return { child, url, output: () => output };
}

async function stopWithCtrlC(run: Running): Promise<number | null> {
  return new Promise((resolve) => {
    run.child.on('exit', (code) => resolve(code));
    run.child.kill('SIGINT');
  });
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('serves health, guests, the page and the API behind the token check, and keeps data across a restart', async () => {
    const first = await npmStart(dataDir);
    let agentId: string;
    let token: string;
    let refreshToken: string;
    try {
      const health = await fetch(`${first.url}/__local/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, mode: 'local', offlineModel: true });

      const page = await fetch(`${first.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');

      const anonymous = await fetch(`${first.url}/api/agents`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });

      const forged = await fetch(`${first.url}/api/agents`, { headers: { Authorization: 'Bearer not-a-token' } });
      expect(forged.status).toBe(401);

      const guest = (await (await fetch(`${first.url}/__local/guest`, { method: 'POST' })).json()) as {
        uid: string;
        idToken: string;
        refreshToken: string;
      };
      expect(guest.uid).toMatch(/^guest-/);
      token = guest.idToken;
      refreshToken = guest.refreshToken;

      const created = await fetch(`${first.url}/api/agents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: '재시작 확인', finalAgentPrompt: 'Say hello.' }),
      });
      expect(created.status).toBe(201);
      agentId = ((await created.json()) as { id: string }).id;

      const malformed = await fetch(`${first.url}/api/agents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{"name": ',
      });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    } finally {
      expect(await stopWithCtrlC(first)).toBe(0);
    }

    const second = await npmStart(dataDir);
    try {
      const again = await fetch(`${second.url}/api/agents/${agentId}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ id: agentId, name: '재시작 확인' });

      // The guest's refresh token survived the restart too: it still gets fresh ID tokens.
      const refreshed = await fetch(`${second.url}/__local/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
      });
      expect(refreshed.status).toBe(200);
      const fresh = (await refreshed.json()) as { id_token: string };
      const withFresh = await fetch(`${second.url}/api/agents/${agentId}`, {
        headers: { Authorization: `Bearer ${fresh.id_token}` },
      });
      expect(withFresh.status).toBe(200);
    } finally {
      expect(await stopWithCtrlC(second)).toBe(0);
    }
  }, 90_000);
});
