import type { EngineName } from '../core/finding.js';
import type { ProgressSink } from '../core/progress.js';
import type { EngineRun } from '../core/report.js';
import { codeDemoStep } from './commands/code.js';
import { scanDemoStep } from './commands/scan.js';
import { logsDemoStep } from './commands/logs.js';
import { secretsDemoStep } from './commands/secrets.js';
import { specDemoStep } from './commands/spec.js';

/** What `rampart demo` hands each engine: the running vulnerable API and where its files are. */
export interface DemoContext {
  /** Base URL of the vulnerable API, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  /** Root of the bundled example (`examples/vulnerable-api`), absolute. */
  readonly exampleDir: string;
  /** Its OpenAPI 3.1 document, absolute path. */
  readonly specFile: string;
  /** Its server source directory (for `code` and `secrets`), absolute. */
  readonly sourceDir: string;
  /** Seeded accounts: two regular users and an admin. */
  readonly users: Readonly<Record<'alice' | 'bob' | 'admin', { readonly username: string; readonly password: string }>>;
  /** A scratch directory the step may write into (removed after the demo). */
  readonly workDir: string;
  readonly progress: ProgressSink;
  readonly signal: AbortSignal;
}

export interface DemoStep {
  readonly engine: EngineName;
  /** One line shown while it runs. */
  readonly description: string;
  run(ctx: DemoContext): Promise<EngineRun>;
}

/** The engines `rampart demo` runs, in order. Each engine adds its step here as it lands. */
export const DEMO_STEPS: DemoStep[] = [codeDemoStep, logsDemoStep, scanDemoStep, secretsDemoStep, specDemoStep];
