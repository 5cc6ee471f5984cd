// Runs the code engine once over a directory (worker threads: auto, on or off) and prints its stats as JSON (bundled by run.mjs).
import { resolve } from 'node:path';
import { runCode } from '../../src/engines/code/run.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: rampart-code DIR [auto|on|off]');
const parallel = (process.argv[3] ?? 'auto') as 'auto' | 'on' | 'off';
const t0 = performance.now();
const { run, routes } = await runCode({ paths: [resolve(dir)], cwd: process.cwd(), parallel });
const seconds = (performance.now() - t0) / 1000;
const byCheck: Record<string, number> = {};
for (const f of run.findings) byCheck[f.checkId] = (byCheck[f.checkId] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ seconds, lines: run.stats.lines, files: run.stats.files, routes: routes.length, findings: run.findings.length, byCheck, notifications: run.notifications.length })}\n`);
