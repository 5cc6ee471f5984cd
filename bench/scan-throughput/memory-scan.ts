// Peak memory of a scan of a generated 1,000-operation spec (run in its own process by run.ts).
// Usage: tsx memory-scan.ts <port> <specFile> <budget>
import { scanTarget } from '../../src/engines/scan/load.js';

const [port, spec, budget] = process.argv.slice(2);
const t0 = performance.now();
const { run } = await scanTarget({ target: `http://127.0.0.1:${port}`, spec: spec!, concurrency: 16, budget: Number(budget), timeoutMs: 10_000 });
const ms = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({ ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), requests: run!.stats.requests, findings: run!.findings.length, operations: run!.stats.operations })}\n`,
);
