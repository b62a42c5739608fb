/**
 * Serves the built web app (web/dist) the way Hosting does: an existing file
 * answers first (with the headers firebase.json gives its path), everything else
 * falls through to the rewrites.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Sends the file under `root` for `urlPath` if there is one; false otherwise. */
export function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  head = false,
  /** Adds the headers firebase.json configures for this path (caching, CSP, …). */
  addHeaders: () => void = () => {},
): boolean {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root + sep) && file !== root) return false;
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  addHeaders();
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  if (head) res.end();
  else createReadStream(file).pipe(res);
  return true;
}
