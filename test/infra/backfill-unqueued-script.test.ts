/**
 * scripts/backfill-unqueued.mjs (`npm run backfill:unqueued`), run for real without
 * reaching Google Cloud: it refuses to run without an explicit project, and with one
 * it bundles the functions' backfill and reaches Firestore through the production
 * adapter (stopped here at the credentials, which point at no file).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './hcl';

const SCRIPT = path.join(ROOT, 'scripts', 'backfill-unqueued.mjs');

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, METADATA_SERVER_DETECTION: 'none', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run backfill:unqueued', () => {
  test('refuses to run without an explicit --project, whatever the environment says', () => {
    for (const args of [[], ['--dry-run'], ['--project', ''], ['--project', '  ']]) {
      const { code, stdout, stderr } = run(args, { GOOGLE_CLOUD_PROJECT: 'from-the-environment' });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('refusing to run without an explicit --project');
      expect(stderr).toContain('Usage: npm run backfill:unqueued -- --project <project-id> [--dry-run]');
    }
  });

  test('refuses unknown options and a page size Firestore would not take in one transaction', () => {
    expect(run(['--project', 'p', '--dryrun']).code).toBe(2);
    expect(run(['--project', 'p', '--page-size', '0']).stderr).toContain('--page-size must be');
  });

  test('with a project, it scans the agents through the production Firestore adapter', () => {
    const { code, stdout, stderr } = run(['--project', 'demo-backfill', '--dry-run'], {
      // Nothing reaches Google: the credentials file does not exist, the host is closed.
      GOOGLE_APPLICATION_CREDENTIALS: path.join(ROOT, 'no-such-credentials.json'),
      FIRESTORE_EMULATOR_HOST: '127.0.0.1:9',
    });
    expect(stdout).toContain('backfill:unqueued: project demo-backfill');
    expect(stdout).toContain('dry run: nothing is written');
    expect(code).toBe(1);
    // The Firestore client library was asked for the scan's first page.
    expect(stderr).toMatch(/runQuery/);
    expect(stderr).toContain('no-such-credentials.json');
    expect(stderr).toContain('running it again continues');
  });
});
