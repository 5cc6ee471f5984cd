#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

const spec = process.argv[2] === 'spec';
// `rampart spec` keeps almost everything it allocates (the parsed document, its resolved copy, the
// findings), so a young generation that grows to 16 MB semi-spaces only adds fresh memory to fault
// in and copy: keep it at its first size. A tuning value V8 reads whenever it would grow the young
// generation; the audit's results do not depend on it (bench/spec-audit/README.md has the figures).
if (spec) setFlagsFromString('--semi-space-growth-factor=1');
// A run of `rampart spec` lasts well under a second, and by default V8 optimises (TurboFan) about 70
// functions of it on a 5 MB document, most of which then run too briefly to repay the compiling
// (about 0.1 CPU-seconds, on the second core). Eight times V8's default budget of work before a
// function is optimised (67584) leaves 18 there, the really hot loops: wall time the same or less,
// a quarter less CPU time (bench/spec-audit/README.md has the figures). Results do not depend on it.
if (spec) setFlagsFromString('--interrupt-budget=540672');

// `rampart spec` runs from its bundle (dist/spec-cli/, written by `npm run build`) when it is
// there: one file to load instead of about a hundred modules. Everything else runs from the modules.
const bundle = new URL('../dist/spec-cli/main.mjs', import.meta.url);
const entry = spec && existsSync(bundle) ? bundle.href : new URL('../dist/src/cli/main.js', import.meta.url).href;
const { main } = await import(entry);

main(process.argv).then((code) => {
  process.exitCode = code;
});
