/**
 * `GET /api/executions/{id}/artifacts/{name}`: one file a run kept, to its
 * owner only. Someone else's run, a name the run does not list and a name that
 * could not be ours all answer the same 404.
 */
import { NotFoundError } from '@agent-platform/core/errors';
import type { StoredArtifact } from '@agent-platform/core/ports';
import { create as contentDisposition } from 'content-disposition';
import type { Adapters } from '../shared/factory';
import { executions } from '../store/executions';
import { artifactKey, isArtifactName } from './names';

export interface ArtifactDownload extends StoredArtifact {
  name: string;
}

export async function getArtifact(deps: Adapters, uid: string, id: string, name: string): Promise<ArtifactDownload> {
  const run = executions.isId(id) ? await executions.get(deps.store, id) : null;
  if (!run || run.data.userId !== uid) throw new NotFoundError({ en: 'The run', ko: '실행' });
  const listed = isArtifactName(name) ? run.data.artifacts.find((a) => a.name === name) : undefined;
  const stored = listed && deps.artifacts ? await deps.artifacts.get(artifactKey(run.id, listed.name)) : null;
  if (!listed || !stored) throw new NotFoundError({ en: 'The file', ko: '파일' });
  // The type is the one recorded when the file was kept (from its name), never one the store was told later.
  return { name: listed.name, data: stored.data, contentType: listed.contentType };
}

/**
 * Headers that keep a run's file inert in the browser: always a download (never
 * shown in the app's origin), no type guessing, no script or plugin even if it is
 * opened, never cached on the way.
 */
export function downloadHeaders(file: ArtifactDownload): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Length': String(file.data.byteLength),
    // A Korean name goes as RFC 8187 `filename*`, with an ASCII `filename` for old clients.
    'Content-Disposition': contentDisposition(file.name, { type: 'attachment' }),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'private, no-store',
  };
}
