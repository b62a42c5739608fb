// Copies the files a workspace run made for Cloud Build to upload, keeping their names:
// the regular files under out/ (no links followed, at most 8 folders deep, the first 200
// in name order) become kept/f0, kept/f1, … and kept/paths.json says which path each one
// had. The platform names them from those paths (functions/src/artifacts/names.ts), so a
// file called 차트.png keeps its name. The local stack runs this same file
// (local/src/workspace-runner.ts), so both keep exactly the same files.
//   node keep-files.mjs <out> <kept>
import { copyFileSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LIST_MAX = 200;
const DEPTH_MAX = 8;

const [out, kept] = process.argv.slice(2);
if (!out || !kept) {
  console.error('usage: keep-files.mjs <out> <kept>');
  process.exit(2);
}

const found = [];
function walk(dir, parts) {
  if (parts.length > DEPTH_MAX || found.length >= LIST_MAX) return;
  // Names as bytes: a name that is not UTF-8 is still read, and reaches the platform
  // with U+FFFD in it, which it then names safely.
  const entries = readdirSync(dir, { encoding: 'buffer' })
    .map((raw) => ({ raw, name: raw.toString('utf8') }))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = Buffer.concat([dir, Buffer.from('/'), entry.raw]);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) walk(full, [...parts, entry.name]);
    else if (stat.isFile() && found.length < LIST_MAX) found.push({ full, path: [...parts, entry.name].join('/') });
  }
}

try {
  walk(Buffer.from(out), []);
} catch (err) {
  // No out/ folder, or one the run made unreadable: nothing to keep.
  console.error(`keep-files: ${err.message}`);
}
const paths = {};
found.forEach((file, i) => {
  copyFileSync(file.full, join(kept, `f${i}`));
  paths[`f${i}`] = file.path;
});
writeFileSync(join(kept, 'paths.json'), JSON.stringify(paths));
