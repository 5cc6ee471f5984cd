import { Option } from 'commander';
import type { Command } from 'commander';
import { ToolError } from '../../core/errors.js';
import { ENGINES } from '../../core/finding.js';
import { engineOf } from '../../core/check.js';
import { allCheckMetas } from '../all-checks.js';
import { renderCheckIndex } from '../check-index.js';
import type { CliContext } from '../context.js';

/** `rampart checks`: list every check with its severity, domain, OWASP and CWE. */
export function registerChecks(program: Command, ctx: CliContext): void {
  program
    .command('checks')
    .description('list the checks of every engine (id, severity, domain, OWASP, CWE)')
    .addOption(new Option('--engine <name>', 'only this engine').choices([...ENGINES]))
    .addOption(new Option('--format <fmt>', 'table (default), json or markdown').choices(['table', 'json', 'markdown']).default('table'))
    .argument('[id]', 'show one check in full')
    .action((id: string | undefined, opts: { engine?: string; format: string }) => {
      let metas = allCheckMetas();
      if (opts.engine) metas = metas.filter((m) => engineOf(m.id) === opts.engine);
      if (id) {
        const m = metas.find((x) => x.id === id);
        if (!m) throw new ToolError('E_USAGE', `unknown check "${id}" (run rampart checks for the list)`);
        ctx.stdout.write(
          opts.format === 'json'
            ? `${JSON.stringify(m, null, 2)}\n`
            : `${m.id}: ${m.title}\n  severity ${m.severity}, confidence ${m.confidence}, domain ${m.domain}, ${[...m.owasp, ...m.cwe].join(', ')}\n\n${m.description}\n\nHow to fix: ${m.remediation}\n\n${m.references.map((r) => `  ${r}`).join('\n')}\n`,
        );
        return;
      }
      if (opts.format === 'json') ctx.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
      else if (opts.format === 'markdown') ctx.stdout.write(renderCheckIndex(metas));
      else {
        const w = Math.max(...metas.map((m) => m.id.length), 10);
        for (const m of metas) ctx.stdout.write(`${m.id.padEnd(w)}  ${m.severity.padEnd(8)}  ${m.domain.padEnd(16)}  ${[...m.owasp, ...m.cwe].join(' ')}\n`);
        ctx.stdout.write(`${metas.length} checks\n`);
      }
    });
}
