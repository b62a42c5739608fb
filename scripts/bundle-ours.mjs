// An esbuild plugin for bundles that run in this repository (`npm start`, the bench):
// every bare import stays external and loads from node_modules as in production,
// except our own workspaces (`@agent-platform/*`), which ship TypeScript sources
// and are bundled.
export const externalPackagesButOurs = {
  name: 'external-packages-but-ours',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@agent-platform/') ? undefined : { path: args.path, external: true },
    );
  },
};
