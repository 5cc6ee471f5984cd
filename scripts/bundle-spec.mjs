#!/usr/bin/env node
// Part of `npm run build` (after tsc): bundle the `spec` command (dist/src/cli/spec-main.js and
// everything it imports) into dist/spec-cli/main.cjs, so `rampart spec` loads one file instead of
// resolving and compiling about a hundred modules, and write the file's V8 code cache next to it.
// bin/rampart.js uses the bundle when it is there and the modules otherwise (bin/spec-bundle.js);
// the bundle test (test/cli/spec-bundle.test.ts) proves both give the same report.
//
// The bundle is one CommonJS function expression, compiled by vm.Script (the only way to give
// Node 20 a code cache). Its import() calls (the other commands, the config schema of every
// engine) load the modules instead, so those parts run from the modules only. They become calls
// of a function the loader passes in: Node 20 runs import() in a vm.Script only with an
// experimental option (which prints a warning) and not at all once the script came from a cache.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --entry FILE --outdir DIR: bundle another entry or elsewhere (the bundle test builds from src/).
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : dflt);
const entry = arg('--entry', join(root, 'dist', 'src', 'cli', 'spec-main.js'));
const outdir = arg('--outdir', join(root, 'dist', 'spec-cli'));
// The document the cache is made on: a small one, enough to compile what every run uses.
const CACHE_DOC = join(root, 'src', 'engines', 'spec', 'fixtures', 'vulnerable.yaml');
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('bundle-spec: esbuild is not installed; `rampart spec` will load the modules instead');
  process.exit(0);
}
const INLINED = new Set(['commander', 'js-yaml']);
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const imported = new Set();
const built = await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  charset: 'ascii',
  // The arguments bin/spec-bundle.js passes; the modules' import.meta.url is the bundle's URL.
  banner: { js: '(function (exports, require, module, __filename, __dirname, __rampartImportMetaUrl, __rampartImport) {' },
  footer: { js: '})' },
  define: { 'import.meta.url': '__rampartImportMetaUrl' },
  plugins: [
    {
      name: 'external-packages-and-dynamic-imports',
      setup(build) {
        // commander requires child_process when it loads, for subcommands that are programs of
        // their own (rampart has none): a stand-in that loads it on first use spares every run
        // child_process and what it loads (net, dgram...).
        build.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (/[\\/]node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'rampart-lazy' } : undefined));
        build.onLoad({ filter: /.*/, namespace: 'rampart-lazy' }, () => ({
          contents: "let m;\nmodule.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });\n",
          loader: 'js',
        }));
        // The two packages every `rampart spec` run loads go into the bundle too; the rest (loaded
        // lazily or by other commands) stay in node_modules.
        build.onResolve({ filter: /^[^./]/ }, (a) => (INLINED.has(a.path) ? undefined : { path: a.path, external: true }));
        // A module imported with import() is loaded from the modules, by its path from the bundle.
        build.onResolve({ filter: /^\./ }, async (a) => {
          if (a.kind !== 'dynamic-import') return undefined;
          const found = await build.resolve(a.path, { kind: 'import-statement', resolveDir: a.resolveDir });
          if (found.errors.length > 0) return { errors: found.errors };
          const path = relative(outdir, found.path).replaceAll('\\', '/');
          const specifier = path.startsWith('.') ? path : `./${path}`;
          imported.add(specifier);
          return { path: specifier, external: true };
        });
      },
    },
  ],
  logLevel: 'warning',
});
let code = built.outputFiles[0].text;
for (const specifier of imported) {
  const call = `import(${JSON.stringify(specifier)})`;
  if (!code.includes(call)) throw new Error(`bundle-spec: no ${call} in the bundle`);
  code = code.replaceAll(call, `__rampartImport(${JSON.stringify(specifier)})`);
}
const bundle = join(outdir, 'main.cjs');
const cacheName = `main.${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cache`;
writeFileSync(bundle, `${code}//# rampartCodeCache=${cacheName}\n`);

// The code cache: run the bundle once on a small document, with the flags every `rampart spec` run
// sets, then save the code of every function compiled by then. A run without it is only slower.
const loader = join(root, 'bin', 'spec-bundle.js');
const writer = `const { loadSpecBundle, setSpecFlags } = require(${JSON.stringify(loader)});
setSpecFlags();
const bundle = loadSpecBundle(${JSON.stringify(bundle)});
bundle.main(['node', 'rampart', 'spec', ${JSON.stringify(CACHE_DOC)}, '--format', 'json', '--fail-on', 'none', '-q']).then((code) => {
  if (code !== 0) throw new Error('exit code ' + code);
  bundle.writeCache();
});`;
const made = spawnSync(process.execPath, ['-e', writer], { cwd: dirname(CACHE_DOC), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (made.status !== 0) console.error(`bundle-spec: no code cache (\`rampart spec\` works, a little slower): ${made.stderr}`);
