'use strict';
// How `rampart spec` starts (bin/rampart.js): its V8 flags, and its bundle (dist/spec-cli/main.cjs,
// written by `npm run build`, scripts/bundle-spec.mjs) compiled with the V8 code cache the build
// wrote next to it. CommonJS, as bin/rampart.js: Node's ES module loader costs about 10 ms more to
// start, and only a script compiled with vm.Script can be given a code cache. The cache saves
// compiling the bundle's functions (about 480 KB of JavaScript) in every run.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

const SPEC_V8_FLAGS = [
  // `rampart spec` keeps almost everything it allocates (the parsed document, its resolved copy,
  // the findings), so a young generation that grows to 16 MB semi-spaces only adds fresh memory to
  // fault in and copy: keep it at its first size. A tuning value V8 reads whenever it would grow
  // the young generation; the audit's results do not depend on it (bench/spec-audit/README.md).
  '--semi-space-growth-factor=1',
  // A run of `rampart spec` lasts well under a second, and by default V8 optimises (TurboFan) about
  // 70 functions of it on a 5 MB document, most of which then run too briefly to repay the
  // compiling (about 0.1 CPU-seconds, on the second core). Eight times V8's default budget of work
  // before a function is optimised (67584) leaves 18 there, the really hot loops: wall time the
  // same or less, a quarter less CPU time (bench/spec-audit/README.md). Results do not depend on it.
  '--interrupt-budget=540672',
];

/**
 * Set the V8 flags of a `rampart spec` run. The code cache is written (by the build) and read (by
 * each run) after this: V8 rejects a cache made under other flags.
 */
function setSpecFlags() {
  for (const flag of SPEC_V8_FLAGS) setFlagsFromString(flag);
}

// The bundle's last line names its code cache, a name made from a hash of the bundle, so that a
// cache is only ever read with the bundle it was made from (V8 itself checks only the length).
const CACHE_NAME = /\n\/\/# rampartCodeCache=([\w.-]+)\s*$/;

/**
 * End a `rampart spec` run whose main returned `code`. The run has nothing left to do, so once
 * stdout and stderr hold nothing back (pipes and files are written synchronously on Linux, but a
 * pipe left non-blocking may still be draining) it exits at once: that spares Node tearing down
 * a heap that holds a whole parsed document, about 9 ms after a 5 MB one (bench/spec-audit/README.md).
 * Otherwise Node exits as usual when the writes are done.
 */
function endSpecRun(code) {
  process.exitCode = code;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}

/**
 * Compile and run the bundle `file` (a function expression that takes the CommonJS arguments, the
 * URL to use as import.meta.url and a function to use as import(), see scripts/bundle-spec.mjs), with its code cache when it has
 * one V8 accepts. Returns undefined when there is no bundle; `cache` says whether the code cache
 * was used, rejected by V8 (then V8 compiles as without one) or missing.
 *
 * @example
 * const bundle = loadSpecBundle('/pkg/dist/spec-cli/main.cjs'); // { main, cache: 'used', ... }
 */
function loadSpecBundle(file) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const name = CACHE_NAME.exec(source.slice(-200))?.[1];
  const cacheFile = name === undefined ? undefined : join(dirname(file), name);
  let cachedData;
  try {
    if (cacheFile !== undefined) cachedData = readFileSync(cacheFile);
  } catch {}
  const script = new vm.Script(source, { filename: file, cachedData });
  const cache = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} };
  const url = pathToFileURL(file);
  // What the bundle calls for its import() of a module (the other commands, the full config schema).
  const importModule = (specifier) => import(new URL(specifier, url).href);
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), url.href, importModule);
  return {
    main: module.exports.main,
    cache,
    cacheFile,
    /** Write the code cache of everything compiled so far (after a run: its lazily compiled functions too). */
    writeCache: () => {
      if (cacheFile === undefined) throw new Error(`${file} names no code cache`);
      writeFileSync(cacheFile, script.createCachedData());
    },
  };
}

module.exports = { endSpecRun, loadSpecBundle, setSpecFlags };
