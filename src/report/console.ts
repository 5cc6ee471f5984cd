import { createRequire } from 'node:module';
import type { Finding, Severity } from '../core/finding.js';
import { SEVERITIES } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { countsText, durationSeconds, evidenceExcerpt, groupBy, locationLabel, oneLine, severityCounts, splitFindings, visible } from './util.js';

type Picocolors = typeof import('picocolors');
type Colors = ReturnType<Picocolors['createColors']>;

// picocolors is loaded on the first console report, not with this module: loading it (it asks the
// tty module whether stdout is a terminal) costs about 2 ms of every run, and most runs that write
// JSON or SARIF never draw a console report.
const load = createRequire(import.meta.url);
let picocolors: Picocolors | undefined;

function severityStyle(c: Colors, s: Severity): (t: string) => string {
  switch (s) {
    case 'critical':
      return (t) => c.bold(c.bgRed(c.white(t)));
    case 'high':
      return (t) => c.bold(c.red(t));
    case 'medium':
      return c.yellow;
    case 'low':
      return c.cyan;
    case 'info':
      return c.dim;
    default:
      return (t) => t;
  }
}

/**
 * The console report: findings grouped by severity then domain, one line each plus an evidence
 * excerpt, then suppressed findings, tool notifications, engines and totals. Colour only when asked.
 * Everything from a target is passed through `visible()` so it cannot drive the terminal.
 */
export function renderConsole(report: Report, opts: { color?: boolean } = {}): string {
  const c = (picocolors ??= load('picocolors') as Picocolors).createColors(Boolean(opts.color));
  const out: string[] = [];
  const { active, suppressed } = splitFindings(report);
  out.push(c.bold(`Rampart ${visible(report.tool.version)} report`) + c.dim(` (${visible(report.createdAt)})`));
  out.push('');

  if (active.length === 0) {
    out.push(c.green('No findings.'));
    out.push('');
  }
  const bySeverity = groupBy(active, (f) => f.severity);
  // severities outside the model (a hand-edited report) are still shown, last
  const order = [...SEVERITIES, ...[...bySeverity.keys()].filter((k) => !(SEVERITIES as readonly string[]).includes(k))];
  for (const sev of order) {
    const list = bySeverity.get(sev);
    if (!list) continue;
    const style = severityStyle(c, sev);
    out.push(style(`${visible(sev.toUpperCase())} (${list.length})`));
    for (const [domain, items] of groupBy(list, (f) => f.domain)) {
      out.push(`  ${c.bold(visible(domain))}`);
      for (const f of items) out.push(...findingLines(c, f));
    }
    out.push('');
  }

  if (suppressed.length > 0) {
    out.push(c.dim(`Suppressed: ${suppressed.length} finding${suppressed.length === 1 ? '' : 's'} (not counted in the totals)`));
    for (const f of suppressed) {
      out.push(c.dim(`  ${visible(f.checkId)}  ${oneLine(locationLabel(f.location), 100)}  — ${oneLine(f.suppression?.reason ?? '', 100)}`));
    }
    out.push('');
  }

  const notes = report.runs.flatMap((r) => r.notifications.map((n) => ({ ...n, engine: n.engine ?? r.engine })));
  if (notes.length > 0) {
    const counts = (['error', 'warning', 'note'] as const).map((l): [string, number] => {
      const n = notes.filter((x) => x.level === l).length;
      return [n === 1 ? l : `${l}s`, n];
    });
    out.push(c.bold('Tool notifications: ') + countsText(counts));
    for (const n of notes.filter((x) => x.level !== 'note').slice(0, 20)) {
      const lvl = n.level === 'error' ? c.red('error  ') : c.yellow('warning');
      const about = [n.checkId, n.subject].filter(Boolean).map((s) => oneLine(s!, 80)).join(' ');
      out.push(`  ${lvl} ${visible(n.engine)} ${oneLine(n.code, 60)}${about ? ` (${about})` : ''}: ${oneLine(n.message, 160)}`);
    }
    const more = notes.filter((x) => x.level !== 'note').length - 20;
    if (more > 0) out.push(`  … ${more} more`);
    out.push('');
  }

  if (report.runs.length > 0) {
    out.push(c.bold('Engines'));
    for (const r of report.runs) {
      const stats = Object.entries(r.stats).map(([k, v]) => `${visible(k)}=${oneLine(String(v), 40)}`).join(' ');
      const secs = durationSeconds(r.startedAt, r.finishedAt).toFixed(1);
      const n = r.findings.filter((f) => !f.suppression).length;
      out.push(`  ${visible(r.engine).padEnd(7)} ${oneLine(r.target, 80)}  ${plural(r.checks.length, 'check')}, ${plural(n, 'finding')}, ${secs}s${stats ? `  ${c.dim(stats)}` : ''}`);
    }
    out.push('');
  }

  const counts = severityCounts(active);
  const total = counts.map(([s, n]) => (n > 0 ? severityStyle(c, s)(`${n} ${s}`) : c.dim(`0 ${s}`))).join(', ');
  out.push(`${c.bold('Totals:')} ${active.length} finding${active.length === 1 ? '' : 's'}: ${total}${suppressed.length > 0 ? c.dim(` (+${suppressed.length} suppressed)`) : ''}`);
  return `${out.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function findingLines(c: Colors, f: Finding): string[] {
  const style = severityStyle(c, f.severity);
  const lines = [`    ${style(visible(f.severity.toUpperCase()).padEnd(8))} ${c.bold(visible(f.checkId))}  ${oneLine(f.message, 200)}  ${c.cyan(oneLine(locationLabel(f.location), 160))}`];
  const ev = evidenceExcerpt(f);
  if (ev) lines.push(c.dim(`             ${ev}`));
  return lines;
}
