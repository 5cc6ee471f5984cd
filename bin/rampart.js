#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): `rampart spec` starts about 10 ms sooner than from an ES module.
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const run = (main) =>
  main(process.argv).then((code) => {
    process.exitCode = code;
  });

// `rampart spec` runs from its bundle (dist/spec-cli/, written by `npm run build`) when it is
// there: one file with a code cache instead of about a hundred modules to load and compile
// (bin/spec-bundle.js). Everything else runs from the modules.
let bundle;
let endSpecRun;
if (process.argv[2] === 'spec') {
  const specBundle = require('./spec-bundle.js');
  specBundle.setSpecFlags();
  bundle = specBundle.loadSpecBundle(join(__dirname, '../dist/spec-cli/main.cjs'));
  endSpecRun = specBundle.endSpecRun;
}
if (bundle) bundle.main(process.argv).then(endSpecRun);
else import(pathToFileURL(join(__dirname, '../dist/src/cli/main.js')).href).then(({ main }) => run(main));
