/**
 * The local ArtifactStore: each object a file under the stack's data folder
 * (`<LOCAL_DATA_DIR>/artifacts/<key>`), its content type beside it. Keys are
 * made by the functions; one that would leave the folder is refused all the same.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { ArtifactStore, StoredArtifact } from '@agent-platform/core/ports';

export class FileArtifacts implements ArtifactStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'artifacts');
  }

  private pathOf(key: string): string {
    const full = resolve(this.root, key);
    if (!full.startsWith(this.root + sep) || key.includes('\0')) throw new Error(`Refused artifact key: ${key}`);
    return full;
  }

  async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
    const full = this.pathOf(key);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, data);
    await writeFile(`${full}.content-type`, contentType, 'utf8');
  }

  async get(key: string): Promise<StoredArtifact | null> {
    const full = this.pathOf(key);
    try {
      const [data, contentType] = await Promise.all([readFile(full), readFile(`${full}.content-type`, 'utf8')]);
      return { data, contentType };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
