/**
 * Files made by Claude's code-execution tool in a Messages run: its result
 * blocks name each file by a Files API id (`bash_code_execution_output`,
 * `code_execution_output`); the file's name and bytes come from the Files API
 * (beta `files-api-2025-04-14`: https://platform.claude.com/docs/en/build-with-claude/files).
 */
import type { ArtifactJson, RunEventInput } from '@agent-platform/core/runs';
import type Anthropic from '@anthropic-ai/sdk';
import { modelClient } from '../model/client';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { keepFiles, type MadeFile } from './keep';

const FILES_BETA = 'files-api-2025-04-14';
/** Files looked up per run at most (the keeping bounds then apply). */
const MAX_FILE_IDS = 40;

/** The files behind `ids`, named and sized by the Files API, read on demand. */
export async function codeExecutionFiles(
  client: Anthropic,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<MadeFile[]> {
  const files: MadeFile[] = [];
  for (const id of [...new Set(ids)].slice(0, MAX_FILE_IDS)) {
    const meta = await client.beta.files.retrieveMetadata(id, { betas: [FILES_BETA] }, { signal });
    if (meta.downloadable === false) continue;
    files.push({
      path: meta.filename,
      bytes: meta.size_bytes,
      read: async () => {
        const res = await client.beta.files.download(id, { betas: [FILES_BETA] }, { signal });
        return new Uint8Array(await res.arrayBuffer());
      },
    });
  }
  return files;
}

/**
 * Keeps the files the code-execution tool made in a Messages run. A file that
 * cannot be fetched is skipped with a line in the log: the run's result stands.
 */
export async function keepCodeExecutionFiles(
  deps: Adapters,
  executionId: string,
  ids: readonly string[] | undefined,
  progress: (event: RunEventInput) => void,
  signal?: AbortSignal,
): Promise<ArtifactJson[]> {
  if (!ids?.length || !deps.artifacts) return [];
  try {
    const files = await codeExecutionFiles(modelClient(deps.model), ids, signal);
    return await keepFiles(deps.artifacts, executionId, files, progress, '');
  } catch (err) {
    log.warn('could not keep the files code execution made', { executionId, err });
    progress({ code: 'artifact_skipped', params: { path: `${ids.length} file(s)`, reason: 'unavailable' } });
    return [];
  }
}
