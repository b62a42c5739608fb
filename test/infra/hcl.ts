/**
 * Reads the Terraform configuration without Terraform: Google Cloud and the provider
 * registry cannot be reached here, so the HCL is parsed with @cdktf/hcl2json and the
 * few expression shapes the module uses (for_each filters over local.functions, merges
 * of locals, references) are evaluated by hand. Anything else throws, naming the
 * expression, so a new shape fails a check instead of slipping past it.
 *
 * Longer than most files: a small evaluator for the HCL expression shapes the module
 * uses, kept whole so every shape it accepts is visible in one place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

export const ROOT = path.resolve(__dirname, '..', '..');
export const MODULE_DIR = path.join(ROOT, 'terraform/modules/platform');
export const EXAMPLE_DIR = path.join(ROOT, 'terraform/environments/example');

export type Block = Record<string, unknown>;
export interface Hcl {
  resource: Record<string, Record<string, Block[]>>;
  data: Record<string, Record<string, Block[]>>;
  variable: Record<string, Block[]>;
  output: Record<string, Block[]>;
  locals: Record<string, unknown>;
}
export interface TfDir {
  hcl: Hcl;
  text: string;
}

/** Parses every .tf file of a directory into one merged document. */
export async function loadDir(dir: string): Promise<TfDir> {
  const hcl: Hcl = { resource: {}, data: {}, variable: {}, output: {}, locals: {} };
  let text = '';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tf'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    text += `${source}\n`;
    const doc = (await parse(file, source)) as Record<string, unknown>;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries((doc[kind] ?? {}) as Record<string, Record<string, Block[]>>)) {
        hcl[kind][type] = { ...hcl[kind][type], ...byName };
      }
    }
    Object.assign(hcl.variable, doc.variable ?? {});
    Object.assign(hcl.output, doc.output ?? {});
    for (const locals of (doc.locals ?? []) as Record<string, unknown>[]) Object.assign(hcl.locals, locals);
  }
  return { hcl, text };
}

/** An HCL interpolation as hcl2json renders it: tf('var.x') → "${var.x}". */
export const tf = (expr: string) => `\${${expr}}`;

/** `"${expr}"` → `expr`, or undefined for a literal. */
export function reference(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('${') || !value.endsWith('}')) return undefined;
  const inner = value.slice(2, -1);
  // A string with several interpolations ("${a}-${b}") is a template, not one reference.
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '{') depth++;
    else if (inner[i] === '}') {
      depth--;
      if (depth < 0) return undefined;
    }
  }
  return inner.trim();
}

/** The single block of a resource, failing clearly when it is missing. */
export function resource(hcl: Hcl, type: string, name: string): Block {
  const block = hcl.resource[type]?.[name]?.[0];
  if (!block) throw new Error(`terraform has no ${type}.${name}`);
  return block;
}

/** The block of a variable, failing clearly when it is missing. */
export function variable(hcl: Hcl, name: string): Block {
  const block = hcl.variable[name]?.[0];
  if (!block) throw new Error(`terraform has no variable ${name}`);
  return block;
}

/** First element of a nested block list (`build_config[0]`). */
export function nested(block: Block, ...keys: string[]): Block {
  let current: unknown = block;
  for (const key of keys) {
    const next = (current as Record<string, unknown>)[key];
    current = Array.isArray(next) ? next[0] : next;
    if (current === undefined) throw new Error(`missing ${keys.join('.')}`);
  }
  return current as Block;
}

/** Follows `local.a.b` / `local.a["b"]` through literal locals. */
export function resolveLocal(hcl: Hcl, ref: string): unknown {
  const parts = ref
    .replace(/\["([^"]+)"\]/g, '.$1')
    .split('.')
    .slice(1);
  let current: unknown = hcl.locals;
  for (const part of parts) current = (current as Record<string, unknown> | undefined)?.[part];
  return current;
}

/** A variable's default as Terraform would use it when nothing sets it. */
export function variableDefault(hcl: Hcl, name: string): unknown {
  return variable(hcl, name).default;
}

/** Splits `a, b, c` at top-level commas (not inside brackets or strings). */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Evaluates an HCL object/map expression of the shapes this module uses to a plain object. */
export function evalMap(hcl: Hcl, expr: string): Record<string, unknown> {
  const e = expr.trim();
  if (/^local\.[\w."[\]-]+$/.test(e)) {
    const value = resolveLocal(hcl, e);
    if (typeof value === 'string' && reference(value)) return evalMap(hcl, reference(value) as string);
    if (value && typeof value === 'object') return value as Record<string, unknown>;
    throw new Error(`${e} is not a literal map`);
  }
  const merge = /^merge\(([\s\S]*)\)$/.exec(e);
  if (merge?.[1] !== undefined) {
    return Object.assign({}, ...splitTopLevel(merge[1]).map((arg) => evalMap(hcl, arg)));
  }
  const forExpr =
    /^\{\s*for\s+(\w+)\s*,\s*(\w+)\s+in\s+([\w.]+)\s*:\s*(\w+)\s*=>\s*([\w.]+)(?:\s+if\s+([\s\S]+?))?\s*\}$/.exec(e);
  if (forExpr) {
    const [, k, v, source, keyOut, valueOut, condition] = forExpr as unknown as string[];
    if (keyOut !== k || (valueOut !== v && valueOut !== k))
      throw new Error(`unsupported for expression (it must keep keys and items): ${e}`);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(evalMap(hcl, source as string))) {
      if (!condition || evalCondition(hcl, condition, { [k as string]: key, [v as string]: item })) out[key] = item;
    }
    return out;
  }
  const literal = /^\{([\s\S]*)\}$/.exec(e);
  if (literal?.[1] !== undefined) {
    const out: Record<string, unknown> = {};
    for (const entry of splitTopLevel(literal[1].replace(/\n/g, ','))) {
      const m = /^"?([\w-]+)"?\s*=\s*([\s\S]+)$/.exec(entry);
      if (!m?.[1] || !m[2]) throw new Error(`unsupported map entry "${entry}" in ${e}`);
      const value = m[2].trim();
      out[m[1]] = /^local\./.test(value) ? resolveLocal(hcl, value) : value;
    }
    return out;
  }
  throw new Error(`unsupported map expression: ${e}`);
}

/**
 * Evaluates the filter conditions this module uses, for one item:
 * `contains(f.grants, "x")`, `f.access == "x"` / `!=`, `var.flag`, `var.x == "y"`, `var.n > 0`,
 * joined by `&&` or `||`, and `!` before a term.
 */
export function evalCondition(hcl: Hcl, condition: string, scope: Record<string, unknown>): boolean {
  const or = splitTopLevel(condition, '||');
  if (or.length > 1) return or.some((c) => evalCondition(hcl, c, scope));
  const and = splitTopLevel(condition, '&&');
  if (and.length > 1) return and.every((c) => evalCondition(hcl, c, scope));
  const c = condition.trim();
  if (c.startsWith('!') && !c.startsWith('!=')) return !evalCondition(hcl, c.slice(1), scope);
  const contains = /^contains\((\w+)\.(\w+),\s*"([^"]+)"\)$/.exec(c);
  if (contains) {
    const list = (scope[contains[1] as string] as Record<string, unknown> | undefined)?.[contains[2] as string];
    if (!Array.isArray(list)) throw new Error(`${contains[1]}.${contains[2]} is not a list in: ${c}`);
    return list.includes(contains[3]);
  }
  const compare = /^([\w.]+)\s*(==|!=)\s*"([^"]*)"$/.exec(c);
  if (compare) {
    const value = lookup(hcl, compare[1] as string, scope);
    return compare[2] === '==' ? value === compare[3] : value !== compare[3];
  }
  const numeric = /^([\w.]+)\s*(>|>=|<|<=)\s*(\d+)$/.exec(c);
  if (numeric) {
    const value = Number(lookup(hcl, numeric[1] as string, scope));
    const limit = Number(numeric[3]);
    return (
      { '>': value > limit, '>=': value >= limit, '<': value < limit, '<=': value <= limit }[numeric[2] as string] ===
      true
    );
  }
  const bare = /^([\w.]+)$/.exec(c);
  if (bare) {
    const value = lookup(hcl, bare[1] as string, scope);
    if (typeof value !== 'boolean') throw new Error(`${c} is not a boolean`);
    return value;
  }
  throw new Error(`unsupported condition: ${c}`);
}

function lookup(hcl: Hcl, name: string, scope: Record<string, unknown>): unknown {
  const [head, ...rest] = name.split('.');
  if (head === 'var') return variableDefault(hcl, rest.join('.'));
  let current: unknown = scope[head as string];
  if (current === undefined) throw new Error(`unknown name ${name}`);
  for (const part of rest) current = (current as Record<string, unknown>)[part];
  return current;
}

/** The instances a block's for_each makes: key → each.value. A block without for_each is one instance, key ''. */
export function instances(hcl: Hcl, block: Block): [string, unknown][] {
  if (block.count !== undefined) throw new Error('count is not expected on this block; use for_each');
  if (block.for_each === undefined) return [['', undefined]];
  const expr = reference(block.for_each);
  if (!expr) throw new Error(`for_each is not an expression: ${String(block.for_each)}`);
  const toset = /^toset\((local\.[\w.]+)\)$/.exec(expr);
  if (toset?.[1]) {
    const list = resolveLocal(hcl, toset[1]);
    if (!Array.isArray(list)) throw new Error(`${toset[1]} is not a list`);
    return list.map((k) => [String(k), String(k)]);
  }
  return Object.entries(evalMap(hcl, expr));
}

/** One deployed function, as local.functions describes it. */
export interface Fn {
  key: string;
  entryPoint: string;
  access: 'public' | 'tasks' | 'pubsub';
  grants: string[];
  spec: Record<string, unknown>;
}

/** local.functions, evaluated. */
export function functionsOf(hcl: Hcl): Fn[] {
  return Object.entries(evalMap(hcl, 'local.functions')).map(([key, value]) => {
    const spec = value as Record<string, unknown>;
    return {
      key,
      entryPoint: String(spec.entry_point),
      access: spec.access as Fn['access'],
      grants: (spec.grants ?? []) as string[],
      spec,
    };
  });
}

/** `"${var.name_prefix}-tasks-invoker"` → `tasks-invoker`: a name as docs/deploy.md writes it. */
export function unprefixed(name: unknown): string {
  const s = String(name);
  const m = /^\$\{var\.name_prefix\}-(.+)$/.exec(s);
  if (!m?.[1]) throw new Error(`name ${s} does not start with the name prefix`);
  return m[1];
}

/** One IAM grant Terraform makes: who, which role, on what (in docs/deploy.md's vocabulary). */
export interface Grant {
  account: string;
  role: string;
  on: string;
  /** The Terraform address of the resource that makes it. */
  address: string;
}

const IAM_TYPES = [
  'google_project_iam_member',
  'google_service_account_iam_member',
  'google_cloud_tasks_queue_iam_member',
  'google_secret_manager_secret_iam_member',
  'google_cloud_run_v2_service_iam_member',
  'google_storage_bucket_iam_member',
  'google_artifact_registry_repository_iam_member',
];

/** Every IAM grant in the module, one per for_each instance. */
export function grantsOf(hcl: Hcl): Grant[] {
  const other = Object.keys(hcl.resource).filter(
    (t) => /_iam_(member|binding|policy)$/.test(t) && !IAM_TYPES.includes(t),
  );
  if (other.length > 0) throw new Error(`grantsOf does not know these IAM resource types yet: ${other.join(', ')}`);
  const out: Grant[] = [];
  for (const type of IAM_TYPES) {
    for (const [name, blocks] of Object.entries(hcl.resource[type] ?? {})) {
      const block = blocks[0] as Block;
      for (const [key, value] of instances(hcl, block)) {
        const role = reference(block.role) === 'each.value' ? String(value) : String(block.role);
        out.push({
          account: accountOf(hcl, block.member, key),
          role,
          on: targetOf(hcl, type, block, key),
          address: `${type}.${name}${key ? `["${key}"]` : ''}`,
        });
      }
    }
  }
  return out;
}

function accountOf(hcl: Hcl, member: unknown, key: string): string {
  const m = String(member);
  if (m === 'allUsers') return 'allUsers';
  const ref = reference(member);
  if (ref === 'google_service_account.function[each.key].member') return `fn-${key}`;
  const sa = ref && /^google_service_account\.(\w+)\.member$/.exec(ref);
  if (sa?.[1]) return unprefixed(resource(hcl, 'google_service_account', sa[1]).account_id);
  if (ref === 'google_project_service_identity.agent[each.key].member') return `agent:${key}`;
  const agent = /@gcp-sa-([a-z]+)\.iam\.gserviceaccount\.com$/.exec(m);
  if (agent?.[1]) return `agent:${agent[1]}`;
  throw new Error(`unknown IAM member ${m}`);
}

function targetOf(hcl: Hcl, type: string, block: Block, key: string): string {
  if (type === 'google_project_iam_member') return 'project';
  if (type === 'google_cloud_tasks_queue_iam_member') {
    const q = /^google_cloud_tasks_queue\.(\w+)\.name$/.exec(reference(block.name) ?? '');
    if (q?.[1]) return `queue:${q[1]}`;
  }
  if (type === 'google_service_account_iam_member') {
    const sa = /^google_service_account\.(\w+)\.name$/.exec(reference(block.service_account_id) ?? '');
    if (sa?.[1]) return `sa:${unprefixed(resource(hcl, 'google_service_account', sa[1]).account_id)}`;
  }
  if (type === 'google_secret_manager_secret_iam_member') {
    const s = /^google_secret_manager_secret\.(\w+)\.secret_id$/.exec(reference(block.secret_id) ?? '');
    if (s?.[1]) return `secret:${unprefixed(resource(hcl, 'google_secret_manager_secret', s[1]).secret_id)}`;
  }
  if (type === 'google_cloud_run_v2_service_iam_member') {
    if (reference(block.name) === 'google_cloudfunctions2_function.fn[each.key].name') return `run:${key}`;
  }
  if (type === 'google_storage_bucket_iam_member') {
    const b = /^google_storage_bucket\.(\w+)\.name$/.exec(reference(block.bucket) ?? '');
    if (b?.[1]) return `bucket:${b[1]}`;
  }
  if (type === 'google_artifact_registry_repository_iam_member') {
    const r = /^google_artifact_registry_repository\.(\w+)\.name$/.exec(reference(block.repository) ?? '');
    if (r?.[1]) return `repo:${r[1]}`;
  }
  throw new Error(`unknown target of ${type}: ${JSON.stringify(block)}`);
}

/** Resource addresses (`type.name`, `data.type.name`) a block refers to, depends_on included. */
export function referencesOf(block: Block): Set<string> {
  const text = JSON.stringify(block);
  const found = new Set<string>();
  for (const m of text.matchAll(/\b(data\.)?((?:google|time|archive)_[a-z0-9_]+)\.([a-z0-9_]+)/g)) {
    found.add(`${m[1] ?? ''}${m[2]}.${m[3]}`);
  }
  return found;
}

/** The dependency graph of the module: address → addresses it refers to. Locals are followed through. */
export function dependencyGraph(hcl: Hcl): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const localRefs = (text: string, seen = new Set<string>()): Set<string> => {
    const out = new Set<string>();
    for (const m of text.matchAll(/\blocal\.(\w+)/g)) {
      const name = m[1] as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const value = JSON.stringify(hcl.locals[name] ?? '');
      for (const r of referencesOf({ value })) out.add(r);
      for (const r of localRefs(value, seen)) out.add(r);
    }
    return out;
  };
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(hcl[kind])) {
      for (const [name, blocks] of Object.entries(byName)) {
        const block = blocks[0] as Block;
        const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        const refs = new Set([...referencesOf(block), ...localRefs(JSON.stringify(block))]);
        refs.delete(address);
        graph.set(address, refs);
      }
    }
  }
  return graph;
}

/** Whether `from` depends, directly or through others, on `to`. */
export function dependsOn(graph: Map<string, Set<string>>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (current === to && current !== from) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const next of graph.get(current) ?? []) stack.push(next);
  }
  return false;
}
