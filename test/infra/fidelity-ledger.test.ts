/**
 * docs/production-fidelity.md promises a test for every row. This holds it to
 * that: each row names at least one test file that exists, and every test name
 * it quotes is in that file (a quoted name ending in … is a prefix).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './hcl';

const LEDGER = readFileSync(path.join(ROOT, 'docs', 'production-fidelity.md'), 'utf8');
const STORE_CONTRACT = 'functions/test/contracts/store-contract.ts';
const plain = (s: string) => s.replace(/[’‘]/g, "'").replace(/\\n/g, '\n');

interface Cited {
  file: string;
  names: string[];
}

/** The last cell of each table row (the tests), with the row's first cell as its label. */
function rows(): { label: string; tests: string }[] {
  return LEDGER.split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l) && !l.startsWith('| Behaviour'))
    .map((l) => {
      const cells = l.split(/(?<!\\)\|/).slice(1, -1);
      return { label: (cells[0] ?? '').trim(), tests: (cells.at(-1) ?? '').trim() };
    });
}

/** Each file a test cell names, with the test names quoted after it. */
function cited(tests: string): Cited[] {
  const out: Cited[] = [];
  for (const part of tests.split(/;\s*/)) {
    const file = /`([\w./-]+\.ts)`/.exec(part)?.[1] ?? (/^Contract\b/.test(part) ? STORE_CONTRACT : undefined);
    if (!file) continue;
    const names = [...part.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
    out.push({ file, names });
  }
  return out;
}

const table = rows();

test('the ledger has rows', () => {
  expect(table.length).toBeGreaterThan(30);
});

test.each(table.map((r) => [r.label.slice(0, 80), r.tests]))('%s: its tests exist', (_label, tests) => {
  const files = cited(tests);
  expect(files.length).toBeGreaterThan(0);
  for (const { file, names } of files) {
    const full = path.join(ROOT, file);
    expect({ file, exists: existsSync(full) }).toEqual({ file, exists: true });
    const source = plain(readFileSync(full, 'utf8'));
    for (const name of names) {
      const wanted = plain(name.replace(/…$/, ''));
      expect({ file, name: wanted, found: source.includes(wanted) }).toEqual({ file, name: wanted, found: true });
    }
  }
});
