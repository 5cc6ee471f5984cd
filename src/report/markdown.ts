import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { redactText } from '../core/mask.js';
import { checkDocUrl, countsText, cutLines, evidenceExcerpt, headerLines, locationLabel, severityCounts, splitFindings } from './util.js';

const SEVERITY_ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/**
 * Text safe inside Markdown (also inside a table cell): HTML characters as entities, Markdown
 * punctuation that could start emphasis, links, code or a table cell backslash-escaped, `@` defused so no one is mentioned, line breaks flattened.
 */
export function mdEscape(text: string, max = 300): string {
  let t = text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  return t
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}

/** A fenced code block that the content cannot close (the fence is longer than any backtick run inside). */
function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')}\n${f}`;
}

function details(f: Finding): string {
  const out = [`#### ${SEVERITY_ICON[f.severity]} ${mdEscape(f.title, 200)}`, ''];
  out.push(`- **Check:** ${mdEscape(f.checkId)} (\`${checkDocUrl(f.checkId)}\`)`);
  out.push(`- **Severity:** ${f.severity} (confidence ${f.confidence})`);
  out.push(`- **Location:** ${mdEscape(locationLabel(f.location))}`);
  if (f.owasp.length > 0 || f.cwe.length > 0) out.push(`- **Taxonomy:** ${[...f.owasp, ...f.cwe].map((x) => mdEscape(x)).join(', ')}`);
  out.push(`- **Message:** ${mdEscape(f.message, 500)}`);
  const e = f.evidence;
  if (e) {
    const ev = evidenceExcerpt(f, 300);
    if (ev) out.push(`- **Evidence:** ${mdEscape(ev, 300)}`);
    const blocks: string[] = [];
    for (const x of e.exchanges?.slice(0, 2) ?? []) {
      const lines = [`${x.request.method} ${redactText(x.request.url)}`, ...headerLines(x.request.headers)];
      if (x.response) lines.push('', `HTTP ${x.response.status}`, ...headerLines(x.response.headers), ...(x.response.body ? ['', cutLines(redactText(x.response.body), 8, 160)] : []));
      blocks.push(fence(lines.join('\n'), 'http'));
    }
    if (e.trace && e.trace.length > 0) blocks.push(fence(e.trace.map((s, i) => `${i + 1}. [${s.kind}] ${s.file}:${s.line}  ${s.message}`).join('\n')));
    if (e.snippet) blocks.push(fence(cutLines(e.snippet, 10, 160)));
    if (blocks.length > 0) out.push('', ...blocks);
  }
  out.push('', `**Remediation:** ${mdEscape(f.remediation, 600)}`, '');
  return out.join('\n');
}

/**
 * A Markdown summary for a pull-request comment: totals, the top findings as a table, and
 * collapsible details. Everything from a target is escaped (no HTML, no mentions, no broken tables).
 */
export function renderMarkdown(report: Report, opts: { top?: number; maxChars?: number } = {}): string {
  const top = opts.top ?? 15;
  const maxChars = opts.maxChars ?? 50_000;
  const { active, suppressed } = splitFindings(report);
  const out: string[] = ['## Rampart security report', ''];
  const engines = report.runs.map((r) => `${r.engine} (${mdEscape(r.target, 80)})`).join(', ');
  out.push(`**${active.length} finding${active.length === 1 ? '' : 's'}**${suppressed.length > 0 ? `, ${suppressed.length} suppressed` : ''} · engines: ${engines || 'none'} · rampart ${mdEscape(report.tool.version)}`, '');

  out.push('| Severity | Findings |', '|---|---:|');
  for (const [s, n] of severityCounts(active)) out.push(`| ${SEVERITY_ICON[s]} ${s} | ${n} |`);
  out.push(`| **total** | **${active.length}** |`, '');

  if (active.length === 0) {
    out.push('No findings. ✅', '');
  } else {
    out.push(`### Top findings${active.length > top ? ` (${top} of ${active.length})` : ''}`, '');
    out.push('| Severity | Check | Location | Message |', '|---|---|---|---|');
    for (const f of active.slice(0, top)) {
      out.push(`| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${mdEscape(f.checkId)} | ${mdEscape(locationLabel(f.location), 120)} | ${mdEscape(f.message, 200)} |`);
    }
    // GitHub rejects comments over 65,536 characters: keep the details within a budget.
    const blocks: string[] = [];
    let used = out.join('\n').length;
    for (const f of active) {
      const d = details(f);
      if (used + d.length > maxChars) break;
      blocks.push(d);
      used += d.length;
    }
    const left = active.length - blocks.length;
    const summary = left > 0 ? `Details of ${blocks.length} of ${active.length} findings` : `Details of all ${active.length} findings`;
    out.push('', `<details><summary>${summary}</summary>`, '', ...blocks);
    if (left > 0) out.push(`_${left} more findings are in the full report (HTML, JSON or SARIF)._`, '');
    out.push('</details>', '');
  }

  if (suppressed.length > 0) {
    out.push(`<details><summary>Suppressed findings (${suppressed.length})</summary>`, '', '| Check | Location | Reason |', '|---|---|---|');
    for (const f of suppressed.slice(0, 50)) out.push(`| ${mdEscape(f.checkId)} | ${mdEscape(locationLabel(f.location), 120)} | ${mdEscape(f.suppression?.reason ?? '', 200)} |`);
    if (suppressed.length > 50) out.push('', `_${suppressed.length - 50} more suppressed findings are in the full report._`);
    out.push('', '</details>', '');
  }

  const notes = report.runs.flatMap((r) => r.notifications.map((n) => ({ ...n, engine: n.engine ?? r.engine })));
  if (notes.length > 0) {
    const counts = (['error', 'warning', 'note'] as const).map((l): [string, number] => [l, notes.filter((n) => n.level === l).length]);
    out.push(`<details><summary>Tool notifications: ${countsText(counts)}</summary>`, '', '| Level | Engine | Code | Message |', '|---|---|---|---|');
    for (const n of notes.slice(0, 50)) out.push(`| ${n.level} | ${n.engine} | ${mdEscape(n.code)} | ${mdEscape(n.message, 200)}${n.subject ? ` (${mdEscape(n.subject, 100)})` : ''} |`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}
