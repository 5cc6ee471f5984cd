// Runs the rampart CLI from sources (so the benchmark needs no build): `node --import tsx rampart-cli.ts secrets DIR ...`.
import { main } from '../../src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
