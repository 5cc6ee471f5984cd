// Writes docs/checks/README.md from the registered checks' metadata (`npm run docs:checks`).
import { writeFileSync } from 'node:fs';
import { allCheckMetas } from '../src/cli/all-checks.js';
import { renderCheckIndex } from '../src/cli/check-index.js';

writeFileSync(new URL('../docs/checks/README.md', import.meta.url), renderCheckIndex(allCheckMetas()));
