#!/usr/bin/env node
// Part of `npm run build` (after tsc): bundle the `spec` command (dist/src/cli/spec-main.js and
// everything it imports) into dist/spec-cli/, so `rampart spec` loads one file instead of
// resolving and compiling about a hundred modules. Dynamic imports (the other commands, the full
// config schema) become chunks of the same bundle, so every module still exists once.
// bin/rampart.js uses the bundle when it is there and the modules otherwise; the bundle test
// (test/cli/spec-bundle.test.ts) proves both give the same report.
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --entry FILE --outdir DIR: bundle another entry or elsewhere (the bundle test builds from src/).
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : dflt);
const entry = arg('--entry', join(root, 'dist', 'src', 'cli', 'spec-main.js'));
const outdir = arg('--outdir', join(root, 'dist', 'spec-cli'));
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('bundle-spec: esbuild is not installed; `rampart spec` will load the modules instead');
  process.exit(0);
}
const INLINED = new Set(['commander', 'js-yaml']);
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: { main: entry },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The two packages every `rampart spec` run loads go into the bundle too; the rest (loaded
  // lazily or by other commands) stay in node_modules.
  plugins: [
    {
      name: 'external-packages',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, (args) => (INLINED.has(args.path) ? undefined : { path: args.path, external: true }));
      },
    },
  ],
  outExtension: { '.js': '.mjs' },
  // commander is CommonJS: its require() calls of Node's modules need a real require.
  banner: { js: 'import { createRequire as __rampartRequire } from "node:module"; const require = __rampartRequire(import.meta.url);' },
  logLevel: 'warning',
});
