// Bundles that run in this repository (`npm start`, the bench, one-off scripts): every
// bare import stays external and loads from node_modules as in production, except our
// own workspaces (`@agent-platform/*`), which ship TypeScript sources and are bundled.
import { build } from 'esbuild';

export const externalPackagesButOurs = {
  name: 'external-packages-but-ours',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@agent-platform/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** One CommonJS bundle for Node 22 with a source map; `options` names the entry and the outfile (esbuild's own). */
export function bundleOurs(options) {
  return build({
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    plugins: [externalPackagesButOurs],
    sourcemap: true,
    logLevel: 'warning',
    ...options,
  });
}
