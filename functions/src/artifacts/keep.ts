/**
 * Keeping the files a run made: in path order, within the bounds of names.ts,
 * each under its safe name in the ArtifactStore, with a line in the run's log
 * for every file kept or skipped. Both engines keep files this way.
 */
import type { ArtifactStore } from '@agent-platform/core/ports';
import type { ArtifactJson, RunEventInput } from '@agent-platform/core/runs';
import {
  ARTIFACT_MAX_BYTES,
  ARTIFACT_MAX_COUNT,
  ARTIFACT_TOTAL_MAX_BYTES,
  artifactKey,
  artifactName,
  contentTypeOf,
  uniqueName,
} from './names';

/** A file a run made, as found (not yet checked or kept). */
export interface MadeFile {
  /** Its path as the run named it (under `out/`, or the code-execution tool's file name). */
  path: string;
  bytes: number;
  read(): Promise<Uint8Array>;
}

export async function keepFiles(
  store: ArtifactStore,
  executionId: string,
  files: readonly MadeFile[],
  progress: (event: RunEventInput) => void,
  where = 'out/',
): Promise<ArtifactJson[]> {
  const kept: ArtifactJson[] = [];
  const taken = new Set<string>();
  let total = 0;
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const base = artifactName(file.path);
    const skip = (reason: string) =>
      progress({ code: 'artifact_skipped', params: { path: `${where}${file.path}`, reason } });
    if (!base) skip('bad_name');
    else if (kept.length >= ARTIFACT_MAX_COUNT) skip('too_many');
    else if (file.bytes > ARTIFACT_MAX_BYTES) skip('too_big');
    else if (total + file.bytes > ARTIFACT_TOTAL_MAX_BYTES) skip('total_too_big');
    else {
      const data = await file.read();
      // The size read is the size kept: a file that grew after it was listed is held to the same bound.
      if (data.byteLength > ARTIFACT_MAX_BYTES) {
        skip('too_big');
        continue;
      }
      const name = uniqueName(base, taken);
      const contentType = contentTypeOf(name);
      await store.put(artifactKey(executionId, name), data, contentType);
      total += data.byteLength;
      kept.push({ name, bytes: data.byteLength, contentType });
      progress({ code: 'artifact_kept', params: { name, bytes: data.byteLength } });
    }
  }
  return kept;
}
