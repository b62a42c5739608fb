/**
 * What the function code needs from its deployment, found by reading functions/src
 * rather than by importing it, so the checks keep working while the code is
 * reorganised: files are located by what they define, not by where they are.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, splitTopLevel } from './hcl';

export const SRC = path.join(ROOT, 'functions', 'src');

/** Every .ts file under a directory. */
export function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

export interface Registration {
  kind: 'http' | 'cloudEvent';
  name: string;
  /** The file that exports the handler, resolved from index.ts's imports. */
  module: string | undefined;
}

/** The functions functions/src/index.ts registers: `http('name', handler)` / `cloudEvent('name', handler)`. */
export function registrations(): Registration[] {
  const indexFile = path.join(SRC, 'index.ts');
  const index = readFileSync(indexFile, 'utf8');
  const modules = new Map<string, string>();
  for (const m of index.matchAll(/import\s*\{([^}]+)\}\s*from\s*'(\.[^']+)'/g)) {
    for (const name of (m[1] as string).split(',').map(
      (s) =>
        s
          .trim()
          .split(/\s+as\s+/)
          .pop() as string,
    )) {
      modules.set(name, m[2] as string);
    }
  }
  return [...index.matchAll(/\b(http|cloudEvent)\(\s*['"]([^'"]+)['"]\s*,\s*(\w+)/g)].map((m) => {
    const spec = modules.get(m[3] as string);
    return {
      kind: m[1] as Registration['kind'],
      name: m[2] as string,
      module: spec ? resolveImport(indexFile, spec) : undefined,
    };
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

/**
 * Files a module reaches through static, non-type imports. The adapter factory's lazy
 * `require`s are not followed: every function could reach every adapter through them,
 * and what a function calls is decided by the services it imports.
 */
export function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
      const next = resolveImport(file, m[1] as string);
      if (next) stack.push(next);
    }
  }
  return [...seen];
}

/** The file that defines `loadConfig`: the one configuration loader. */
export function configLoaderFile(): string {
  const found = sourceFiles().filter((f) => /\bfunction\s+loadConfig\s*[(<]/.test(readFileSync(f, 'utf8')));
  if (found.length !== 1)
    throw new Error(`expected one file defining loadConfig under functions/src, found ${found.length}`);
  return found[0] as string;
}

export interface EnvKey {
  name: string;
  defaulted: boolean;
  optional: boolean;
}

/** Drops // and /* *\/ comments outside strings. */
function stripComments(text: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === quote) quote = null;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
      if (i === 0) break;
    } else {
      if (c === '"' || c === "'" || c === '`') quote = c;
      out += c;
    }
  }
  return out;
}

/** The UPPER_SNAKE keys of the loader's zod `Env` object, and whether each has a default or may be absent. */
export function envKeys(): EnvKey[] {
  const text = stripComments(readFileSync(configLoaderFile(), 'utf8'));
  const start = /\bconst\s+Env\s*=\s*z\.object\(\s*\{/.exec(text);
  if (!start) throw new Error('the config loader has no `const Env = z.object({ ... })`');
  let depth = 1;
  let i = start.index + start[0].length;
  const bodyStart = i;
  for (; i < text.length && depth > 0; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
  }
  const body = text.slice(bodyStart, i - 1);
  return splitTopLevel(body)
    .map((entry) => /^([A-Z][A-Z0-9_]*)\s*:\s*([\s\S]+)$/.exec(entry))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      name: m[1] as string,
      // zod/mini wraps a field: `z._default(…)`, `z.optional(…)`.
      defaulted: /\bz\._default\(/.test(m[2] as string),
      optional: /\bz\.(optional|nullish)\(/.test(m[2] as string),
    }));
}

/** `process.env.X` / `process.env['X']` reads outside the loader: file → names. */
export function envReadsOutsideLoader(): Map<string, string[]> {
  const loader = configLoaderFile();
  const out = new Map<string, string[]>();
  for (const file of sourceFiles().filter((f) => f !== loader)) {
    const text = stripComments(readFileSync(file, 'utf8'));
    const names = [...text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g)].map(
      (m) => (m[1] ?? m[2]) as string,
    );
    if (names.length > 0) out.set(path.relative(ROOT, file), [...new Set(names)]);
  }
  return out;
}
