// Bundles the Electron host: main as ESM, the preload as CommonJS because
// sandboxed preloads cannot be ES modules. Every npm package stays external:
// electron-builder ships node_modules, and several packages (iconv-lite,
// native addons) cannot be bundled into an ES module.
import { build } from 'esbuild';

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};

await build({
  ...shared,
  entryPoints: ['main/host/electron/main.ts'],
  outfile: 'dist/electron/main.mjs',
  format: 'esm',
});
await build({
  ...shared,
  entryPoints: ['main/host/electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
});
