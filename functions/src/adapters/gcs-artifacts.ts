/**
 * Production ArtifactStore: objects in the private artifacts bucket (Terraform:
 * uniform bucket-level access, public access prevented, a lifecycle rule that
 * deletes old runs' files). Nothing is ever served from the bucket directly:
 * downloads go through the API's owner check.
 */
import type { ArtifactStore, StoredArtifact } from '@agent-platform/core/ports';
import type { Config } from '../shared/config';

export class GcsArtifacts implements ArtifactStore {
  private client?: Promise<import('@google-cloud/storage').Storage>;

  constructor(private readonly config: Config) {}

  private async bucket() {
    const name = this.config.artifacts.bucket;
    if (!name) throw new Error('ARTIFACTS_BUCKET is not set: the artifacts bucket comes from Terraform.');
    this.client ??= import('@google-cloud/storage').then((m) => new m.Storage());
    return (await this.client).bucket(name);
  }

  async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
    // One request per object (kept files are at most 10 MB); no resumable session to clean up.
    await (await this.bucket()).file(key).save(Buffer.from(data), { contentType, resumable: false });
  }

  async get(key: string): Promise<StoredArtifact | null> {
    const file = (await this.bucket()).file(key);
    try {
      const [[data], [metadata]] = await Promise.all([file.download(), file.getMetadata()]);
      return { data, contentType: metadata.contentType ?? 'application/octet-stream' };
    } catch (err) {
      if ((err as { code?: number }).code === 404) return null;
      throw err;
    }
  }
}
