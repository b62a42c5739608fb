/**
 * Every service account holds exactly the roles its code's Google calls need.
 *
 * docs/deploy.md ("Roles") lists each grant as account → role → on, with the call
 * that needs it. Here that table is compared with the grants Terraform makes, and the
 * calls it names (`name()`) with the code each function can reach through its imports:
 * a function holding a role for a call it cannot reach has too much; a function
 * reaching a call without the role would fail in production.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reachable, registrations, SRC, sourceFiles } from './code';
import { type Fn, functionsOf, type Grant, grantsOf, loadDir, MODULE_DIR, ROOT, type TfDir } from './hcl';

interface Row {
  accounts: string[];
  role: string;
  on: string[];
  call: string;
  /** `name()` tokens of the call cell: code calls. */
  markers: string[];
  /** Other backticked tokens of the call cell. */
  names: string[];
}

const doc = readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');

/** The rows of the table under "## Roles". */
function roleRows(): Row[] {
  const section = /^## Roles\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1];
  if (!section) throw new Error('docs/deploy.md has no "## Roles" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const header = lines[0]?.split('|').map((c) => c.trim());
  expect(header?.slice(1, 6)).toEqual(['Account', 'Role', 'On', 'Call that needs it', 'Why']);
  const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  return lines.slice(2).map((line) => {
    const cells = line.split('|').map((c) => c.trim());
    const call = cells[4] ?? '';
    return {
      accounts: ticks(cells[1] ?? ''),
      role: ticks(cells[2] ?? '')[0] ?? '—',
      on: ticks(cells[3] ?? ''),
      call,
      markers: ticks(call).filter((t) => /^[\w.]+\(\)$/.test(t)),
      names: ticks(call).filter((t) => !/^[\w.]+\(\)$/.test(t)),
    };
  });
}

/**
 * Calls a function reaches without needing the role, each with the reason; a stale
 * entry (the function no longer reaches the call) fails too.
 */
const REACHES_WITHOUT_CALLING: Record<string, Record<string, string>> = {
  'fn-tick': {
    'modelClient()':
      'tick imports runs/service.ts for enqueueNext only; the sweeper never runs a model call, so it gets no key.',
    'runWorkspaceAttempt()': 'as for modelClient(): the sweeper never runs a workspace run, so it starts no build.',
  },
};

let mod: TfDir;
let fns: Fn[];
let grants: Grant[];
let rows: Row[];
const key = (g: { account: string; role: string; on: string }) => `${g.account} | ${g.role} | ${g.on}`;

beforeAll(async () => {
  mod = await loadDir(MODULE_DIR);
  fns = functionsOf(mod.hcl);
  grants = grantsOf(mod.hcl);
  rows = roleRows();
});

/** The files each function's code reaches, from its handler's module. */
function reachOf(fn: Fn): string {
  const registration = registrations().find((r) => r.name === fn.entryPoint);
  if (!registration?.module) throw new Error(`${fn.entryPoint} is not registered in functions/src/index.ts`);
  return reachable(registration.module)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

const callPattern = (marker: string) => new RegExp(`\\b${marker.slice(0, -2).replace(/\./g, '\\.')}\\(`, 'm');

describe('docs/deploy.md "Roles"', () => {
  test('lists exactly the grants Terraform makes', () => {
    const documented = rows
      .filter((r) => r.role !== '—')
      .flatMap((r) => r.accounts.flatMap((account) => r.on.map((on) => key({ account, role: r.role, on }))));
    expect(documented.length).toBeGreaterThan(10);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(grants.map(key).sort());
  });

  test('names every function account, and no role is primitive', () => {
    const accounts = new Set(rows.flatMap((r) => r.accounts));
    for (const fn of fns)
      expect({ fn: fn.key, listed: accounts.has(`fn-${fn.key}`) }).toEqual({ fn: fn.key, listed: true });
    for (const g of grants) expect(['roles/owner', 'roles/editor', 'roles/viewer']).not.toContain(g.role);
  });

  test('every call it names exists: code calls in functions/src, the rest in the code, Terraform or firebase.json', () => {
    const code = sourceFiles()
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const config = `${mod.text}\n${readFileSync(path.join(ROOT, 'firebase.json'), 'utf8')}`;
    const missing: string[] = [];
    for (const row of rows) {
      for (const marker of row.markers) if (!callPattern(marker).test(code)) missing.push(marker);
      for (const name of row.names) {
        if (name.startsWith('@') || name.includes('-') || name.startsWith('/')) continue; // packages, accounts, paths
        if (!new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(`${code}\n${config}`))
          missing.push(name);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every Google client library the functions import is in it', () => {
    const imported = new Set<string>();
    for (const file of sourceFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /['"](@google-cloud\/[\w-]+|firebase-admin|google-auth-library|googleapis|google-gax)(?:\/[\w/-]*)?['"]/g,
      )) {
        if (m[1] !== '@google-cloud/functions-framework') imported.add(m[1] as string);
      }
    }
    expect(imported.size).toBeGreaterThan(2);
    const listed = new Set(rows.flatMap((r) => r.names));
    expect([...imported].filter((p) => !listed.has(p))).toEqual([]);
    expect(path.relative(ROOT, SRC)).toBe('functions/src');
  });
});

describe('each function holds the roles for the calls its code can make, and no others', () => {
  test('no role for a call the function cannot reach', () => {
    const extra: string[] = [];
    for (const row of rows.filter((r) => r.markers.length > 0)) {
      for (const account of row.accounts.filter((a) => a.startsWith('fn-'))) {
        const fn = fns.find((f) => `fn-${f.key}` === account);
        if (!fn) {
          extra.push(`${account} is not a deployed function`);
          continue;
        }
        const code = reachOf(fn);
        if (!row.markers.some((m) => callPattern(m).test(code)))
          extra.push(`${account} holds ${row.role} but reaches none of ${row.markers.join(', ')}`);
      }
    }
    expect(extra).toEqual([]);
  });

  test('every call a function reaches comes with its roles', () => {
    const missing: string[] = [];
    for (const fn of fns) {
      const account = `fn-${fn.key}`;
      const code = reachOf(fn);
      for (const row of rows.filter((r) => r.markers.length > 0 && r.role !== '—')) {
        const reached = row.markers.filter((m) => callPattern(m).test(code));
        if (reached.length === 0 || row.accounts.includes(account)) continue;
        if (reached.every((m) => REACHES_WITHOUT_CALLING[account]?.[m])) continue;
        missing.push(`${account} reaches ${reached.join(', ')} without ${row.role} on ${row.on.join(', ')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every stated exception still applies', () => {
    for (const [account, calls] of Object.entries(REACHES_WITHOUT_CALLING)) {
      const fn = fns.find((f) => `fn-${f.key}` === account);
      expect({ account, deployed: Boolean(fn) }).toEqual({ account, deployed: true });
      const code = reachOf(fn as Fn);
      for (const marker of Object.keys(calls)) {
        expect({ account, marker, reached: callPattern(marker).test(code) }).toEqual({
          account,
          marker,
          reached: true,
        });
      }
    }
  });

  test('the Anthropic key is mounted exactly where Claude is called', () => {
    const mounted = fns.filter((f) => f.grants.includes('anthropic_key')).map((f) => f.key);
    const calling = fns
      .filter(
        (f) =>
          callPattern('modelClient()').test(reachOf(f)) && !REACHES_WITHOUT_CALLING[`fn-${f.key}`]?.['modelClient()'],
      )
      .map((f) => f.key);
    expect(mounted.sort()).toEqual(calling.sort());
  });
});
