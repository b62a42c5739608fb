/**
 * The ArtifactStore port: where the files a run made are kept. Production is a
 * private Cloud Storage bucket (functions/src/adapters/gcs-artifacts.ts); the
 * local stack keeps them as files under its data folder. Keys are made by the
 * functions (`executions/<id>/<name>`), never taken from a request as they are.
 */
export interface StoredArtifact {
  data: Uint8Array;
  contentType: string;
}

export interface ArtifactStore {
  /** Writes (or replaces) one object. */
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredArtifact | null>;
}
