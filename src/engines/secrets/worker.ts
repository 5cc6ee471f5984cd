// Worker thread: builds the rule set once, then scans batches of files on request.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile } from './process.js';
import type { FileResult, ScanLimits } from './process.js';
import { buildRuleSet } from './ruleset.js';
import type { RuleOptions } from './ruleset.js';

interface Init {
  readonly ruleOptions: RuleOptions;
  readonly limits: ScanLimits;
}
export interface BatchRequest {
  readonly id: number;
  readonly files: readonly { readonly abs: string; readonly rel: string }[];
}
export interface BatchReply {
  readonly id: number;
  readonly results: readonly FileResult[];
  readonly error?: string;
}

const init = workerData as Init;
const rs = buildRuleSet(init.ruleOptions);
parentPort!.on('message', (req: BatchRequest) => {
  try {
    const results = req.files.map((f) => scanFile(f.abs, f.rel, rs, init.limits));
    parentPort!.postMessage({ id: req.id, results } satisfies BatchReply);
  } catch (err) {
    parentPort!.postMessage({ id: req.id, results: [], error: (err as Error).message } satisfies BatchReply);
  }
});
