import { Option } from 'commander';
import type { Command } from 'commander';
import { ToolError } from '../../core/errors.js';
import { runSecrets } from '../../engines/secrets/engine.js';
import type { RuleSpec } from '../../engines/secrets/rules/schema.js';
import { secretsConfigSchema } from '../../engines/secrets/rules/schema.js';
import { addOutputOptions, finish, loadConfig, progressSink } from '../common.js';
import type { OutputOptions } from '../common.js';
import { registerConfigSection } from '../config-schema.js';
import type { CliContext } from '../context.js';
import type { DemoStep } from '../demo-steps.js';

registerConfigSection('secrets', secretsConfigSchema);

interface SecretsCliOptions extends OutputOptions {
  git?: boolean;
  showSecrets?: boolean;
  gitignore?: boolean;
  maxFileSize?: number;
  workers?: number;
}

interface SecretsConfig {
  rules?: RuleSpec[];
  disableRules?: string[];
  allow?: string[];
  allowPaths?: string[];
  maxFileSize?: number;
}

function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v.replace(/(?<=\d)_(?=\d)/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new ToolError('E_USAGE', `${flag} must be a whole number, got "${v}"`);
    return n;
  };
}

/** `rampart secrets [PATH...]`: keys and tokens in trees, archives, bundles and git history. */
export function registerSecrets(program: Command, ctx: CliContext): void {
  addOutputOptions(
    program
      .command('secrets')
      .description('find keys and tokens in source trees, archives and app packages, JavaScript bundles and git history (values are masked)')
      .argument('[paths...]', 'files or directories to scan (default: the current directory)')
      .option('--git', 'scan every commit of the git history (added lines of all refs) instead of the working tree')
      .option('--show-secrets', 'print secrets in full instead of a short masked prefix')
      .option('--no-gitignore', 'also scan files that .gitignore excludes')
      .addOption(new Option('--max-file-size <bytes>', 'skip files larger than this, with a note (default 10485760)').argParser(positiveInt('--max-file-size')))
      .addOption(new Option('--workers <n>', 'worker threads (0 = scan on the main thread; default: by size of the scan)').argParser(positiveInt('--workers'))),
  ).action(async (paths: string[], opts: SecretsCliOptions) => {
    const config = await loadConfig(opts, ctx);
    const section = (config.secrets ?? {}) as SecretsConfig;
    const progress = progressSink(opts, ctx);
    try {
      const run = await runSecrets({
        paths,
        cwd: ctx.cwd,
        git: opts.git,
        showSecrets: opts.showSecrets,
        gitignore: opts.gitignore,
        maxFileSize: opts.maxFileSize ?? section.maxFileSize,
        rules: section.rules,
        rulesOrigin: opts.config ?? 'config',
        disableRules: section.disableRules,
        allow: section.allow,
        allowPaths: section.allowPaths,
        workers: opts.workers,
        progress,
        signal: ctx.signal,
        now: ctx.now,
      });
      progress.end();
      const { exitCode } = await finish([run], opts, config, ctx);
      ctx.exitCode = exitCode;
    } finally {
      progress.end();
    }
  });
}

/** The `rampart demo` step: the bundled vulnerable API's source tree and its served client script. */
export const secretsDemoStep: DemoStep = {
  engine: 'secrets',
  description: 'secrets: keys in the example API source and in its client-side script',
  run: (d) => runSecrets({ paths: [d.exampleDir], cwd: d.exampleDir, workers: 0, progress: d.progress, signal: d.signal }),
};
