/** Files of the repository the local stack reads at run time, found from wherever its code was built to. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest `name` (a relative path) in `from` or a folder above it. */
export function findUpwards(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) throw new Error(`No ${name} in ${from} or above it.`);
  }
}
