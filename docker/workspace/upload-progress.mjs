// Copies the CLI's stream-json lines, as they come, to one Cloud Storage object, so
// the platform can show a workspace run's log while it runs
// (functions/src/adapters/build-progress.ts reads it). Started in the background by
// run-workspace.sh; stopped when the CLI ends. Only whole lines are copied, and only
// while the log is under MAX_BYTES (the rest comes from cli.jsonl when the build ends).
//   node upload-progress.mjs gs://<bucket>/<object> <file>
// Credentials: the build's service account, from the metadata server (GCE_METADATA_HOST
// and STORAGE_EMULATOR_HOST point both elsewhere in tests). Never prints a token.
import { readFile, stat } from 'node:fs/promises';

const INTERVAL_MS = Number(process.env.PROGRESS_INTERVAL_MS ?? 2000);
const MAX_BYTES = 5 * 1024 * 1024;

const [target, file] = process.argv.slice(2);
const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(target ?? '');
if (!match || !file) {
  console.error('usage: upload-progress.mjs gs://<bucket>/<object> <file>');
  process.exit(2);
}
const [, bucket, object] = match;
const metadata = `http://${process.env.GCE_METADATA_HOST ?? 'metadata.google.internal'}`;
const storage = process.env.STORAGE_EMULATOR_HOST ?? 'https://storage.googleapis.com';

let token = { value: '', until: 0 };
async function accessToken() {
  if (Date.now() < token.until) return token.value;
  const res = await fetch(`${metadata}/computeMetadata/v1/instance/service-accounts/default/token`, {
    headers: { 'Metadata-Flavor': 'Google' },
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`the metadata server answered ${res.status}`);
  const body = await res.json();
  // Renewed a minute before it expires.
  token = { value: body.access_token, until: Date.now() + (body.expires_in - 60) * 1000 };
  return token.value;
}

let sent = 0;
async function copy() {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= sent || size > MAX_BYTES) return;
  const text = await readFile(file);
  const whole = text.subarray(0, text.lastIndexOf(0x0a) + 1);
  if (whole.length <= sent) return;
  const url = `${storage}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=media&name=${encodeURIComponent(object)}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await accessToken()}`, 'Content-Type': 'application/x-ndjson' },
    body: whole,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`Cloud Storage answered ${res.status}`);
  sent = whole.length;
}

// The CLI has ended: what was not copied yet comes from cli.jsonl when the build ends.
process.on('SIGTERM', () => process.exit(0));
let failures = 0;
for (;;) {
  await copy().catch((err) => {
    // Said once: the run goes on, and its log arrives whole when the build ends.
    if (failures++ === 0) console.error(`upload-progress: ${err.message}; the live log may lag.`);
  });
  await new Promise((r) => setTimeout(r, INTERVAL_MS));
}
