#!/usr/bin/env node
import { existsSync } from 'node:fs';

// `rampart spec` runs from its bundle (dist/spec-cli/, written by `npm run build`) when it is
// there: one file to load instead of about a hundred modules. Everything else runs from the modules.
const bundle = new URL('../dist/spec-cli/main.mjs', import.meta.url);
const entry = process.argv[2] === 'spec' && existsSync(bundle) ? bundle.href : new URL('../dist/src/cli/main.js', import.meta.url).href;
const { main } = await import(entry);

main(process.argv).then((code) => {
  process.exitCode = code;
});
