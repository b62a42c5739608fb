/**
 * What a kept file may be called and how many a run keeps: names are a run's
 * own path under `out/` flattened to one word (`charts/q1.png` →
 * `charts-q1.png`) of letters and digits of any script, `.`, `_` and `-`, so a
 * Korean file name stays readable (`주간 요약.csv` → `주간_요약.csv`), a name can
 * never climb out of its run's folder or carry a control or direction mark, and
 * it means the same thing in Cloud Storage and on a local disk. In a URL path
 * it is percent-encoded; in `Content-Disposition` it goes as `filename*`.
 */

/** Files one run keeps; the rest are skipped with a line in the run's log. */
export const ARTIFACT_MAX_COUNT = 20;
/** Bytes of one kept file. */
export const ARTIFACT_MAX_BYTES = 10 * 1024 * 1024;
/** Bytes of all kept files of one run together. */
export const ARTIFACT_TOTAL_MAX_BYTES = 50 * 1024 * 1024;
/** Characters (code points) of a kept name. */
export const ARTIFACT_NAME_MAX = 100;

// Letters, marks and digits of every script; a mark never first.
const SAFE_NAME = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}._-]*$/u;
const UNSAFE_CHAR = /[^\p{L}\p{M}\p{N}._-]/gu;

/** The first `n` code points of `s` (never half of a surrogate pair). */
function cut(s: string, n: number): string {
  return Array.from(s).slice(0, n).join('');
}

const length = (s: string) => Array.from(s).length;

/** True for a name this module could have made (the download route refuses the rest). */
export function isArtifactName(name: string): boolean {
  return (
    name === name.normalize('NFC') && length(name) <= ARTIFACT_NAME_MAX && SAFE_NAME.test(name) && !name.includes('..')
  );
}

/**
 * The kept name of a file at `relativePath` under `out/`, or null when nothing
 * safe is left of it. Letters of any script stay; spaces, punctuation, symbols
 * and emoji become `_`.
 */
export function artifactName(relativePath: string): string | null {
  const flat = relativePath
    .normalize('NFC')
    .split(/[\\/]+/)
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .join('-')
    .replace(UNSAFE_CHAR, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^\p{L}\p{N}_]+/u, '');
  if (!flat) return null;
  if (length(flat) <= ARTIFACT_NAME_MAX) return flat;
  // Keep the extension: it decides the content type.
  const dot = flat.lastIndexOf('.');
  const ext = dot > 0 && flat.length - dot <= 10 ? flat.slice(dot) : '';
  return cut(flat, ARTIFACT_NAME_MAX - length(ext)) + ext;
}

/** Makes `name` unique among `taken` (`chart.png`, `chart-2.png`, …) and records it. */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 2; taken.has(candidate); i++) candidate = `${cut(stem, ARTIFACT_NAME_MAX - length(ext) - 4)}-${i}${ext}`;
  taken.add(candidate);
  return candidate;
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  html: 'text/html',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  py: 'text/x-python',
};

/** The content type a name's extension says; `application/octet-stream` when unknown. */
export function contentTypeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

/** Images the web app shows inline (drawn as an `<img>`, which runs no script, even in SVG). */
export const INLINE_IMAGE_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
];

/** Where a run's file is kept in the ArtifactStore. */
export function artifactKey(executionId: string, name: string): string {
  return `executions/${executionId}/${name}`;
}
