// Bundles the Electron host: main as ESM, the preload as CommonJS because
// sandboxed preloads cannot be ES modules.
import { build } from 'esbuild';

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['electron', 'better-sqlite3', 'serialport', 'node-hid', 'pino'],
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
