/**
 * A static check of firestore.rules (no emulator needed): every collection of
 * the data model (docs/architecture.md, "Data") and every collection the web app
 * reads has a rule letting a signed-in user read only documents whose `userId`
 * is their uid, and no rule anywhere allows a client write or any other read.
 * The emulator suite (functions/test/rules-emulator.test.ts) checks the same
 * rules by running them, where an emulator is reachable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_QUERIES } from '../web/src/data/queries';

/** The collections of docs/architecture.md, `{}` standing for a document id. */
const DATA_MODEL = [
  'agents',
  'agents/{}/versions',
  'conversations',
  'conversations/{}/messages',
  'executions',
  'resultViews',
  'users',
];

interface Allow {
  methods: string[];
  condition: string;
  /** The match path of the block, wildcards written `{}` and `{**}`. */
  path: string;
}

/** Parses the subset of the rules language the file uses; anything else is an error (so nothing slips by). */
function parseRules(source: string): { allows: Allow[]; functions: Map<string, string> } {
  const text = source.replace(/\/\/[^\n]*/g, '');
  const allows: Allow[] = [];
  const functions = new Map<string, string>();
  const stack: string[] = [];
  const steps: [RegExp, (m: RegExpExecArray) => void][] = [
    [/^\s+/, () => {}],
    [/^rules_version\s*=\s*'2'\s*;/, () => {}],
    [/^service\s+cloud\.firestore\s*\{/, () => stack.push('')],
    [
      /^match\s+(\S+)\s*\{/,
      (m) => stack.push((m[1] as string).replace(/\{[^}=]+=\*\*\}/g, '{**}').replace(/\{[^}=*]+\}/g, '{}')),
    ],
    [
      /^function\s+(\w+)\s*\(([^)]*)\)\s*\{\s*return\s+([^;]+);\s*\}/,
      (m) => functions.set(`${m[1]}(${(m[2] as string).trim()})`, normalise(m[3] as string)),
    ],
    [
      /^allow\s+([\w\s,]+?)\s*(?::\s*if\s+([^;]+))?;/,
      (m) =>
        allows.push({
          methods: (m[1] as string).split(',').map((s) => s.trim()),
          // `allow read;` with no condition allows everything.
          condition: m[2] === undefined ? 'true' : normalise(m[2]),
          path: stack.join(''),
        }),
    ],
    [
      /^\}/,
      () => {
        if (stack.length === 0) throw new Error('Unbalanced } in firestore.rules');
        stack.pop();
      },
    ],
  ];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const step = steps.map(([re, act]) => ({ m: re.exec(rest), act })).find((s) => s.m !== null);
    if (!step?.m) throw new Error(`firestore.rules: cannot read ${JSON.stringify(rest.slice(0, 60))}`);
    step.act(step.m);
    i += step.m[0].length;
  }
  if (stack.length) throw new Error('Unclosed block in firestore.rules');
  return { allows, functions };
}

const normalise = (expr: string) => expr.replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');

const OWNER = new Set([
  'request.auth!=null&&resource.data.userId==request.auth.uid',
  'request.auth!=null&&request.auth.uid==resource.data.userId',
  'resource.data.userId==request.auth.uid',
  'request.auth.uid==resource.data.userId',
]);

/** Replaces a call of a function with no arguments by its body. */
const expand = (condition: string, functions: Map<string, string>) => functions.get(condition) ?? condition;

const READS = new Set(['read', 'get', 'list']);
const WRITES = new Set(['write', 'create', 'update', 'delete']);

/** What is wrong with a rules file; empty when it meets the owner-read, no-write rule. */
function problems(source: string, collections: string[]): string[] {
  const { allows, functions } = parseRules(source);
  const found: string[] = [];
  const prefix = '/databases/{}/documents';
  for (const allow of allows) {
    const cond = expand(allow.condition, functions);
    for (const method of allow.methods) {
      if (!READS.has(method) && !WRITES.has(method)) found.push(`${allow.path}: unknown method ${method}`);
      if (WRITES.has(method) && cond !== 'false') found.push(`${allow.path}: allows a client ${method} (if ${cond})`);
      if (READS.has(method) && cond !== 'false' && !OWNER.has(cond)) {
        found.push(`${allow.path}: allows a ${method} that is not owner-only (if ${cond})`);
      }
      if (READS.has(method) && OWNER.has(cond) && allow.path.includes('{**}')) {
        found.push(`${allow.path}: an owner read on a recursive wildcard reaches collections outside the data model`);
      }
    }
  }
  for (const collection of collections) {
    const path = `${prefix}/${collection}/{}`;
    const reads = allows.filter((a) => a.path === path && OWNER.has(expand(a.condition, functions)));
    const methods = new Set(reads.flatMap((a) => a.methods));
    if (!methods.has('read') && !(methods.has('get') && methods.has('list'))) {
      found.push(`${collection}: no owner-only read rule`);
    }
  }
  return found;
}

const rules = readFileSync(join(__dirname, '..', 'firestore.rules'), 'utf8');

/** Collections the web app queries, in the `{}` notation. */
const webCollections = [
  ...new Set(Object.values(ALL_QUERIES('uid')).map((q) => q.collection.replace(/\/[^/]+\/(\w+)$/, '/{}/$1'))),
];

/** The real file's collections: the data model and the seen-results marker (resultViews/{uid}). */
const COLLECTIONS = [...DATA_MODEL, 'resultViews'];

describe('firestore.rules', () => {
  test('every collection of the data model has its owner-only read rule, and nothing else is allowed', () => {
    expect(problems(rules, COLLECTIONS)).toEqual([]);
  });

  test('every collection the web app reads is covered', () => {
    expect(webCollections.filter((c) => !COLLECTIONS.includes(c))).toEqual([]);
    expect(problems(rules, webCollections)).toEqual([]);
  });
});

describe('the rules check itself', () => {
  const owner = 'function isOwner() { return request.auth != null && resource.data.userId == request.auth.uid; }';
  const file = (body: string) =>
    `rules_version = '2';\nservice cloud.firestore { match /databases/{database}/documents { ${owner} ${body} } }`;
  const good = (c: string) => `match /${c}/{id} { allow read: if isOwner(); allow write: if false; }`;
  const all = `match /agents/{a} { allow read: if isOwner(); allow write: if false; match /versions/{v} { allow read: if isOwner(); } } ${good('executions')} ${good('users')} ${good('resultViews')} match /conversations/{c} { allow read: if isOwner(); allow write: if false; match /messages/{m} { allow read: if isOwner(); } }`;

  test.each([
    { name: 'accepts the shape the real file uses', body: all, bad: [] as string[] },
    {
      name: 'finds a collection without its rule',
      body: all.replace(good('executions'), ''),
      bad: ['executions: no owner-only read rule'],
    },
    {
      name: 'finds a client write',
      body: all.replace(
        `${good('users')}`,
        'match /users/{u} { allow read: if isOwner(); allow create: if isOwner(); }',
      ),
      bad: [
        '/databases/{}/documents/users/{}: allows a client create (if request.auth!=null&&resource.data.userId==request.auth.uid)',
      ],
    },
    {
      name: 'finds an unconditional read',
      body: `${all} match /{document=**} { allow read; }`,
      bad: ['/databases/{}/documents/{**}: allows a read that is not owner-only (if true)'],
    },
    {
      name: 'finds a read open to any signed-in user',
      body: all.replace(good('executions'), 'match /executions/{e} { allow read: if request.auth != null; }'),
      bad: [
        '/databases/{}/documents/executions/{}: allows a read that is not owner-only (if request.auth!=null)',
        'executions: no owner-only read rule',
      ],
    },
  ])('$name', ({ body, bad }) => {
    expect(problems(file(body), DATA_MODEL)).toEqual(bad);
  });
});
