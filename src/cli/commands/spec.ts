import { dirname, relative, resolve, sep } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ToolError } from '../../core/errors.js';
import { runSpecAudit } from '../../engines/spec/engine.js';
import type { CheckSetting } from '../../engines/spec/engine.js';
import { loadSpec } from '../../engines/spec/load.js';
import type { SpecScore } from '../../engines/spec/score.js';
import { addOutputOptions, finish, loadConfig, progressSink } from '../common.js';
import type { OutputOptions } from '../common.js';
import { registerConfigSection } from '../config-schema.js';
import type { CliContext } from '../context.js';
import type { DemoStep } from '../demo-steps.js';

registerConfigSection('spec', {
  description: 'rampart spec: OpenAPI audit settings.',
  type: 'object',
  additionalProperties: false,
  properties: {
    minScore: { type: 'number', minimum: 0, maximum: 100, description: 'Fail (exit 1) when the overall score is below this.' },
    public: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Operations meant to be anonymous, as "GET /health" or "* /public/*".',
    },
  },
});

interface SpecOptions extends OutputOptions {
  minScore?: number;
}

function parseScore(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || n < 0 || n > 100) throw new ToolError('E_USAGE', `--min-score must be a number from 0 to 100, not "${v}"`);
  return n;
}

/** `rampart spec FILE`: audit an OpenAPI 2.0/3.0/3.1 document and score it. */
export function registerSpec(program: Command, ctx: CliContext): void {
  addOutputOptions(
    program
      .command('spec')
      .description('audit an OpenAPI 2.0/3.0/3.1 document (YAML or JSON) for security design flaws, with a 0-100 score')
      .argument('<file>', 'the OpenAPI document; relative $refs to other files are followed')
      .addOption(new Option('--min-score <n>', 'exit 1 when the overall score is below n (0-100)').argParser(parseScore)),
  ).action(async (file: string, opts: SpecOptions) => {
    const config = await loadConfig(opts, ctx);
    const section = (config.spec ?? {}) as { minScore?: number; public?: string[] };
    const progress = progressSink(opts, ctx);
    const abs = resolve(ctx.cwd, file);
    const names = new Map<string, string>();
    const display = (f: string) => {
      let name = names.get(f);
      if (name === undefined) {
        const r = relative(ctx.cwd, f);
        name = (r === '' ? f : r).split(sep).join('/');
        names.set(f, name);
      }
      return name;
    };
    progress({ engine: 'spec', phase: 'loading', done: 0, message: display(abs) });
    let spec;
    try {
      spec = await loadSpec(abs);
    } catch (err) {
      // Name the file as the user wrote it (relative to the working directory).
      if (err instanceof ToolError && err.position) {
        throw new ToolError(err.code, err.message, { position: { ...err.position, file: display(err.position.file) }, cause: err.cause, details: err.details });
      }
      throw err;
    }
    const run = runSpecAudit(spec, {
      settings: (config.checks ?? {}) as Record<string, CheckSetting>,
      publicOperations: section.public,
      displayFile: display,
      now: ctx.now,
      progress,
    });
    progress.end();
    const { exitCode } = await finish([run], opts, config, ctx);
    const score = run.extras?.score as SpecScore;
    const worst = score.worst.map((name) => `${name} ${score.categories.find((c) => c.name === name)?.score}`).join(', ');
    if (!opts.quiet) ctx.stderr.write(`spec score: ${score.overall}/100${worst ? ` (lowest: ${worst})` : ''}\n`);
    const minScore = opts.minScore ?? section.minScore;
    let code = exitCode;
    if (minScore !== undefined && score.overall < minScore) {
      ctx.stderr.write(`rampart: spec score ${score.overall} is below the minimum of ${minScore}\n`);
      code = Math.max(code, 1);
    }
    ctx.exitCode = code;
  });
}

/** `rampart demo`: audit the bundled vulnerable API's OpenAPI document. */
export const specDemoStep: DemoStep = {
  engine: 'spec',
  description: 'auditing the example API\'s OpenAPI document (rampart spec)',
  async run(ctx) {
    const root = dirname(dirname(ctx.exampleDir));
    const spec = await loadSpec(ctx.specFile);
    return runSpecAudit(spec, {
      displayFile: (f) => relative(root, f).split(sep).join('/'),
      now: () => new Date(),
      progress: ctx.progress,
    });
  },
};
