/**
 * Reads firebase.json's Hosting rewrites and headers (the one source of truth for which
 * function serves which path) and matches paths the way Hosting does.
 */
import { readFileSync } from 'node:fs';

export type Rewrite = { source: string; regex: RegExp } & ({ serviceId: string } | { destination: string });

/** Cloud Run service ids are the kebab-case function names. */
export function functionNameOfService(serviceId: string): string {
  return serviceId.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** A Hosting glob as a regex: `**` any path, `*` one segment. */
export function globToRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else out += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

interface HostingConfig {
  hosting: {
    rewrites: Array<{
      source: string;
      run?: { serviceId: string };
      function?: string | { functionId: string };
      destination?: string;
    }>;
    headers?: Array<{ source: string; headers: Array<{ key: string; value: string }> }>;
  };
}

/** Headers firebase.json adds to responses whose path matches a source, in order (later entries win). */
export interface HeaderRule {
  regex: RegExp;
  headers: Array<{ key: string; value: string }>;
}

export function readHeaderRules(firebaseJsonPath: string): HeaderRule[] {
  const config = JSON.parse(readFileSync(firebaseJsonPath, 'utf8')) as HostingConfig;
  return (config.hosting.headers ?? []).map((h) => ({ regex: globToRegex(h.source), headers: h.headers }));
}

export function readRewrites(firebaseJsonPath: string): Rewrite[] {
  const config = JSON.parse(readFileSync(firebaseJsonPath, 'utf8')) as HostingConfig;
  return config.hosting.rewrites.map((r) => {
    const regex = globToRegex(r.source);
    if (r.run) return { source: r.source, regex, serviceId: r.run.serviceId };
    if (r.function) {
      const id = typeof r.function === 'string' ? r.function : r.function.functionId;
      return { source: r.source, regex, serviceId: id };
    }
    return { source: r.source, regex, destination: r.destination ?? '/index.html' };
  });
}
