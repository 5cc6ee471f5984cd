import { createHash } from 'node:crypto';
import type { CheckMeta } from '../core/check.js';
import type { Evidence, Finding } from '../core/finding.js';
import { DOMAINS, SEVERITIES } from '../core/finding.js';
import { redactText } from '../core/mask.js';
import type { EngineRun, Report } from '../core/report.js';
import { allChecks } from '../core/report.js';
import { OWASP_API_2023, cweUrl } from '../core/taxonomy.js';
import { checkDocUrl, countsText, cutLines, durationSeconds, groupBy, headerLines, locationLabel, splitFindings } from './util.js';

/** HTML-escape text for element content and double-quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that is safe inside `<script type="application/json">`: no `<`, `>`, `&`, U+2028 or U+2029 left raw. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A token usable in a class name, whatever the input. */
function cls(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]/g, '_');
}

/** A link only for http(s) URLs; anything else is shown as text. */
function link(url: string, text = url): string {
  if (!/^https?:\/\//i.test(url)) return esc(text);
  return `<a href="${esc(url)}" rel="noreferrer noopener" target="_blank">${esc(text)}</a>`;
}

const MAX_BODY = 4096;

function pre(text: string, maxLines = 40): string {
  return `<pre>${esc(cutLines(text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}\n… [${text.length - MAX_BODY} more characters]` : text, maxLines, 400))}</pre>`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPrimitive(v: unknown): boolean {
  return v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '<span class="muted">—</span>';
  if (isPrimitive(v)) {
    const s = String(v);
    const tone = /^(allowed|allow|yes|true|granted|2\d\d)$/i.test(s) ? ' class="tone-allow"' : /^(denied|deny|no|false|forbidden|40[13])$/i.test(s) ? ' class="tone-deny"' : '';
    return tone ? `<span${tone}>${esc(s)}</span>` : esc(s.length > 500 ? `${s.slice(0, 499)}…` : s);
  }
  return renderValue(v, 3);
}

function objectTable(rows: readonly Record<string, unknown>[], maxRows = 200): string {
  const keys: string[] = [];
  for (const r of rows.slice(0, maxRows)) for (const k of Object.keys(r)) if (!keys.includes(k) && keys.length < 24) keys.push(k);
  const head = `<tr>${keys.map((k) => `<th>${esc(k)}</th>`).join('')}</tr>`;
  const body = rows
    .slice(0, maxRows)
    .map((r) => `<tr>${keys.map((k) => `<td>${cell(r[k])}</td>`).join('')}</tr>`)
    .join('');
  const more = rows.length > maxRows ? `<p class="muted">${rows.length - maxRows} more rows not shown</p>` : '';
  return `<div class="scroll"><table class="data"><thead>${head}</thead><tbody>${body}</tbody></table></div>${more}`;
}

/** Rows are the outer keys, columns the union of the inner keys. */
function matrixTable(m: Record<string, Record<string, unknown>>): string {
  const cols: string[] = [];
  for (const row of Object.values(m)) for (const k of Object.keys(row)) if (!cols.includes(k) && cols.length < 40) cols.push(k);
  const head = `<tr><th></th>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = Object.entries(m)
    .slice(0, 300)
    .map(([r, row]) => `<tr><th scope="row">${esc(r)}</th>${cols.map((c) => `<td>${cell(row[c])}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="scroll"><table class="data matrix"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** Any JSON-like value as HTML: tables for arrays of objects and flat objects, lists otherwise. */
export function renderValue(v: unknown, depth = 0): string {
  if (isPrimitive(v)) return cell(v);
  if (depth > 4) return `<code>${esc(JSON.stringify(v).slice(0, 300))}</code>`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '<span class="muted">(empty)</span>';
    if (v.every(isPlainObject)) return objectTable(v as Record<string, unknown>[]);
    if (v.every(isPrimitive)) return esc(v.slice(0, 200).map((x) => String(x)).join(', '));
    return `<ul>${v.slice(0, 200).map((x) => `<li>${renderValue(x, depth + 1)}</li>`).join('')}</ul>`;
  }
  if (isPlainObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return '<span class="muted">(empty)</span>';
    if (entries.length > 1 && entries.every(([, x]) => isPlainObject(x) && Object.values(x).every(isPrimitive))) {
      return matrixTable(v as Record<string, Record<string, unknown>>);
    }
    return `<table class="kv"><tbody>${entries
      .slice(0, 200)
      .map(([k, x]) => `<tr><th scope="row">${esc(k)}</th><td>${renderValue(x, depth + 1)}</td></tr>`)
      .join('')}</tbody></table>`;
  }
  return esc(String(v));
}

function gauge(score: number, max: number, grade?: unknown): string {
  const pct = max > 0 ? Math.max(0, Math.min(1, score / max)) : 0;
  const w = Math.round(pct * 300);
  const tone = pct >= 0.8 ? 'good' : pct >= 0.5 ? 'fair' : 'poor';
  return (
    `<div class="score"><span class="score-value">${esc(score)}</span><span class="muted"> / ${esc(max)}</span>` +
    (grade !== undefined && isPrimitive(grade) ? ` <span class="grade">${esc(grade)}</span>` : '') +
    `<svg class="gauge" width="300" height="12" viewBox="0 0 300 12" role="img" aria-label="score"><rect width="300" height="12" rx="6" class="gauge-bg"/><rect width="${w}" height="12" rx="6" class="gauge-${tone}"/></svg></div>`
  );
}

/** Category scores as small bars, when they look like `[{ name, score }]`. */
function categoryBars(v: unknown, max: number): string | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  if (!v.every((c) => isPlainObject(c) && typeof c.name === 'string' && typeof c.score === 'number')) return undefined;
  const rows = (v as Array<Record<string, unknown>>)
    .map((c) => {
      const extra = Object.entries(c).filter(([k]) => k !== 'name' && k !== 'score');
      return `<tr><th scope="row">${esc(c.name)}</th><td>${gauge(c.score as number, max)}</td><td class="muted">${extra.map(([k, x]) => `${esc(k)} ${isPrimitive(x) ? esc(x) : ''}`).join(', ')}</td></tr>`;
    })
    .join('');
  return `<table class="kv score-categories"><tbody>${rows}</tbody></table>`;
}

function renderScore(v: unknown): string {
  if (typeof v === 'number') return gauge(v, v <= 1 ? 1 : 100);
  if (isPlainObject(v)) {
    const key = ['score', 'overall', 'value', 'total'].find((k) => typeof v[k] === 'number');
    if (key) {
      const max = typeof v.max === 'number' ? v.max : typeof v.outOf === 'number' ? v.outOf : 100;
      const bars = categoryBars(v.categories, max);
      const rest = Object.fromEntries(Object.entries(v).filter(([k]) => ![key, 'max', 'outOf', 'grade', ...(bars ? ['categories'] : [])].includes(k)));
      return gauge(v[key] as number, max, v.grade) + (bars ?? '') + (Object.keys(rest).length > 0 ? renderValue(rest, 1) : '');
    }
  }
  return renderValue(v);
}

const TIME_KEYS = ['time', 'at', 'timestamp', 'start', 'startTime', 'date'];
const LABEL_KEYS = ['label', 'event', 'message', 'title', 'kind', 'type', 'checkId'];

function renderTimeline(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0 || !v.every(isPlainObject)) return renderValue(v);
  const timeKey = TIME_KEYS.find((k) => v.every((e) => typeof (e as Record<string, unknown>)[k] === 'string'));
  if (!timeKey) return renderValue(v);
  const labelKey = LABEL_KEYS.find((k) => v.some((e) => typeof (e as Record<string, unknown>)[k] === 'string'));
  const items = (v as Record<string, unknown>[])
    .slice(0, 500)
    .map((e) => {
      const rest = Object.entries(e).filter(([k]) => k !== timeKey && k !== labelKey);
      const facts = rest.map(([k, x]) => `<span class="fact"><b>${esc(k)}</b> ${isPrimitive(x) ? esc(x) : esc(JSON.stringify(x).slice(0, 200))}</span>`).join(' ');
      return `<li><time>${esc(e[timeKey])}</time><div>${labelKey && e[labelKey] !== undefined ? `<strong>${esc(e[labelKey])}</strong> ` : ''}${facts}</div></li>`;
    })
    .join('');
  return `<ol class="timeline">${items}</ol>${v.length > 500 ? `<p class="muted">${v.length - 500} more events not shown</p>` : ''}`;
}

interface MatrixCellLike {
  readonly observed?: unknown;
  readonly expected?: unknown;
  readonly status?: unknown;
}

/**
 * The scan's permission matrix (`{ identities, rows: [{ operation, cells: { id: { observed, expected } } }] }`):
 * operations × identities, each cell the observed outcome, cells that contradict the expectation marked.
 */
function renderPermissionMatrix(v: unknown): string | undefined {
  if (!isPlainObject(v) || !Array.isArray(v.identities) || !Array.isArray(v.rows)) return undefined;
  const ids = (v.identities as unknown[]).map(String).slice(0, 20);
  const mark: Record<string, string> = { allowed: '✓ allowed', denied: '✗ denied', error: '! error', 'not-tested': '–' };
  const rows = (v.rows as unknown[])
    .filter(isPlainObject)
    .slice(0, 500)
    .map((r) => {
      const cells = isPlainObject(r.cells) ? (r.cells as Record<string, MatrixCellLike>) : {};
      const tds = ids.map((id) => {
        const c = cells[id] ?? {};
        const observed = String(c.observed ?? 'not-tested');
        const expected = String(c.expected ?? 'unknown');
        const bad = (expected === 'denied' && observed === 'allowed') || (expected === 'allowed' && observed === 'denied' && id !== 'anonymous');
        const title = `observed ${observed}${c.status !== undefined ? ` (HTTP ${String(c.status)})` : ''}, expected ${expected}`;
        return `<td class="pm pm-${cls(observed)}${bad ? ' pm-bad' : ''}" title="${esc(title)}">${esc(mark[observed] ?? observed)}${bad ? ` <b>≠ ${esc(expected)}</b>` : ''}</td>`;
      });
      return `<tr><th scope="row"><code>${esc(String(r.operation ?? ''))}</code></th>${tds.join('')}</tr>`;
    })
    .join('');
  const n = typeof v.contradictions === 'number' ? v.contradictions : 0;
  return (
    `<p>${esc(n)} cell(s) contradict what the API description implies (marked ≠).</p>` +
    `<div class="scroll"><table class="data matrix"><thead><tr><th>operation</th>${ids.map((i) => `<th>${esc(i)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`
  );
}

function renderExtra(key: string, v: unknown): string {
  if (/score/i.test(key)) return renderScore(v);
  if (/timeline/i.test(key)) return renderTimeline(v);
  if (/permission/i.test(key)) return renderPermissionMatrix(v) ?? renderValue(v);
  return renderValue(v);
}

function humanize(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function barChart(title: string, entries: ReadonlyArray<readonly [string, number, string]>): string {
  const rows = entries.filter(([, n]) => n > 0);
  if (rows.length === 0) return `<figure class="chart"><figcaption>${esc(title)}</figcaption><p class="muted">no findings</p></figure>`;
  const max = Math.max(...rows.map(([, n]) => n));
  const rowH = 24;
  const h = rows.length * rowH;
  const bars = rows
    .map(([label, n, tone], i) => {
      const y = i * rowH;
      const w = Math.max(2, Math.round((n / max) * 220));
      return (
        `<g><title>${esc(`${label}: ${n}`)}</title>` +
        `<text x="0" y="${y + 16}" class="chart-label">${esc(label.length > 28 ? `${label.slice(0, 27)}…` : label)}</text>` +
        `<rect x="200" y="${y + 4}" width="${w}" height="16" rx="3" class="bar bar-${cls(tone)}"/>` +
        `<text x="${206 + w}" y="${y + 16}" class="chart-count">${n}</text></g>`
      );
    })
    .join('');
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption><svg width="480" height="${h}" viewBox="0 0 480 ${h}" role="img" aria-label="${esc(title)}">${bars}</svg></figure>`;
}

function evidenceHtml(e: Evidence): string {
  const parts: string[] = [];
  if (e.summary) parts.push(`<p class="ev-summary">${esc(redactText(e.summary))}</p>`);
  if (e.payload) parts.push(`<p><b>Payload</b> <code class="wrap">${esc(redactText(e.payload))}</code></p>`);
  if (e.secret) parts.push(`<p><b>Secret (masked)</b> <code class="secret">${esc(e.secret)}</code></p>`);
  for (const x of e.exchanges ?? []) {
    const req = [`${x.request.method} ${redactText(x.request.url)}`, ...headerLines(x.request.headers), ...(x.request.body ? ['', redactText(x.request.body)] : [])].join('\n');
    let res = '';
    if (x.response) {
      const meta = [x.response.timeMs !== undefined ? `${x.response.timeMs} ms` : '', x.response.size !== undefined ? `${x.response.size} bytes` : ''].filter(Boolean).join(', ');
      res = [`HTTP ${x.response.status}${meta ? `   (${meta})` : ''}`, ...headerLines(x.response.headers), ...(x.response.body ? ['', redactText(x.response.body)] : [])].join('\n');
    }
    parts.push(
      `<div class="exchange">${x.label ? `<div class="ex-label">${esc(x.label)}</div>` : ''}<div class="ex-grid"><div><div class="ex-head">Request</div>${pre(req)}</div>` +
        (x.response ? `<div><div class="ex-head">Response</div>${pre(res)}</div>` : '') +
        '</div></div>',
    );
  }
  if (e.trace && e.trace.length > 0) {
    parts.push(
      `<div><b>Dataflow</b><ol class="trace">${e.trace
        .map((s) => `<li class="step-${cls(s.kind)}"><span class="step-kind">${esc(s.kind)}</span> <code>${esc(`${s.file}:${s.line}${s.column !== undefined ? `:${s.column}` : ''}`)}</code> ${esc(s.message)}</li>`)
        .join('')}</ol></div>`,
    );
  }
  if (e.snippet) parts.push(`<div><b>Code</b>${pre(e.snippet, 30)}</div>`);
  if (e.lines && e.lines.length > 0) parts.push(`<div><b>Log lines</b>${pre(e.lines.slice(0, 30).map((l) => redactText(l)).join('\n'), 30)}</div>`);
  if (e.data && Object.keys(e.data).length > 0) parts.push(`<div><b>Facts</b>${renderValue(e.data, 1)}</div>`);
  return parts.length > 0 ? `<section class="evidence"><h4>Evidence</h4>${parts.join('')}</section>` : '';
}

function findingHtml(f: Finding, i: number, meta: CheckMeta | undefined): string {
  const tax = [...f.owasp.map((o) => `<span class="tag" title="${esc(OWASP_API_2023[o] ?? '')}">${esc(o)}</span>`), ...f.cwe.map((c) => `<span class="tag">${link(cweUrl(c), c)}</span>`)].join(' ');
  const refs = (meta?.references ?? []).map((r) => `<li>${link(r)}</li>`).join('');
  const http = f.location.kind === 'http' ? `<p class="muted">${esc(f.location.url)}${f.location.spec ? ` · ${esc(`${f.location.spec.file}${f.location.spec.line !== undefined ? `:${f.location.spec.line}` : ''}`)}` : ''}</p>` : '';
  const time = f.location.kind === 'log' ? `<p class="muted">${esc(f.location.time)}${f.location.endTime ? ` – ${esc(f.location.endTime)}` : ''}</p>` : '';
  const commit = f.location.kind === 'file' && f.location.commit ? `<p class="muted">commit ${esc(f.location.commit)}</p>` : '';
  const suppressed = f.suppression ? `<p class="suppression">Suppressed: ${esc(f.suppression.reason)} <span class="muted">(${esc(f.suppression.source)})</span></p>` : '';
  return (
    `<article class="finding sev-${cls(f.severity)}" data-i="${i}" id="f-${esc(f.fingerprint)}">` +
    `<details${f.severity === 'critical' ? ' open' : ''}><summary>` +
    `<span class="badge sev-${cls(f.severity)}">${esc(f.severity)}</span> ` +
    `<span class="f-title">${esc(f.title)}</span> ` +
    `<code class="f-loc">${esc(locationLabel(f.location))}</code>` +
    `<span class="f-meta"><span class="check">${esc(f.checkId)}</span> · ${esc(f.domain)} · ${esc(f.engine)} · confidence ${esc(f.confidence)}</span>` +
    `</summary><div class="f-body">` +
    `<p class="f-message">${esc(f.message)}</p>${http}${time}${commit}${suppressed}` +
    (tax ? `<p class="tags">${tax}</p>` : '') +
    (f.evidence ? evidenceHtml(f.evidence) : '') +
    `<section class="remediation"><h4>Remediation</h4><p>${esc(f.remediation)}</p>` +
    (meta?.description ? `<p class="muted">${esc(meta.description)}</p>` : '') +
    (refs ? `<ul class="refs">${refs}</ul>` : '') +
    `<p class="muted">About ${esc(f.checkId)}: <code>${esc(checkDocUrl(f.checkId))}</code> · fingerprint <code>${esc(f.fingerprint)}</code></p>` +
    `</section></div></details></article>`
  );
}

function runHtml(run: EngineRun): string {
  const stats = Object.entries(run.stats);
  const active = run.findings.filter((f) => !f.suppression).length;
  const extras = Object.entries(run.extras ?? {})
    .map(([k, v]) => `<div class="extra extra-${cls(k)}"><h4>${esc(humanize(k))}</h4>${renderExtra(k, v)}</div>`)
    .join('');
  return (
    `<div class="run"><h3>${esc(run.engine)} <span class="muted">${esc(run.target)}</span></h3>` +
    `<p>${run.checks.length} checks · ${active} findings · ${durationSeconds(run.startedAt, run.finishedAt).toFixed(1)} s · ${esc(run.startedAt)}</p>` +
    (stats.length > 0 ? `<table class="kv"><tbody>${stats.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>` : '') +
    extras +
    `</div>`
  );
}

const CSS = `
:root{--bg:#f6f7f9;--fg:#1d2430;--muted:#667085;--card:#fff;--line:#e3e6eb;--critical:#7a0916;--high:#d92d20;--medium:#f79009;--low:#2e90fa;--info:#98a2b3;--accent:#444ce7}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{background:#101828;color:#fff;padding:20px 32px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#d0d5dd}
main{max-width:1200px;margin:0 auto;padding:20px 32px}section{margin:0 0 28px}h2{font-size:18px;margin:0 0 12px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:110px}
.card .n{font-size:26px;font-weight:700;display:block}.card.sev-critical .n{color:var(--critical)}.card.sev-high .n{color:var(--high)}.card.sev-medium .n{color:var(--medium)}.card.sev-low .n{color:var(--low)}.card.sev-info .n{color:var(--info)}
.charts{display:flex;gap:16px;flex-wrap:wrap}.chart{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;margin:0}.chart figcaption{font-weight:600;margin-bottom:8px}
.chart-label,.chart-count{font-size:12px;fill:var(--fg)}.bar{fill:var(--accent)}.bar-critical{fill:var(--critical)}.bar-high{fill:var(--high)}.bar-medium{fill:var(--medium)}.bar-low{fill:var(--low)}.bar-info{fill:var(--info)}
#filters{position:sticky;top:0;z-index:2;background:var(--bg);padding:10px 0;border-bottom:1px solid var(--line);display:flex;gap:12px;flex-wrap:wrap;align-items:center}
#filters label{white-space:nowrap}#filters input[type=search]{min-width:220px;padding:4px 8px}#shown{color:var(--muted);margin-left:auto}
.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--info);border-radius:6px;margin:8px 0}
.finding.sev-critical{border-left-color:var(--critical)}.finding.sev-high{border-left-color:var(--high)}.finding.sev-medium{border-left-color:var(--medium)}.finding.sev-low{border-left-color:var(--low)}
.finding summary{cursor:pointer;padding:8px 12px;list-style-position:outside}.f-title{font-weight:600}.f-loc{color:#344054;background:#f2f4f7;padding:1px 5px;border-radius:4px;word-break:break-all}
.f-meta{display:block;color:var(--muted);font-size:12px}.f-body{padding:0 16px 12px}.f-message{font-size:15px}
.badge{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;font-weight:700;text-transform:uppercase;background:var(--info)}
.badge.sev-critical{background:var(--critical)}.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--medium)}.badge.sev-low{background:var(--low)}
.tag{display:inline-block;background:#eef4ff;border-radius:4px;padding:0 6px;margin-right:4px;font-size:12px}
pre{background:#0c111d;color:#e4e7ec;padding:8px 10px;border-radius:6px;overflow:auto;max-height:360px;font-size:12px;white-space:pre-wrap;word-break:break-all}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}.secret{background:#fef3f2;padding:1px 4px}
.exchange{border:1px solid var(--line);border-radius:6px;padding:6px;margin:6px 0}.ex-grid{display:grid;grid-template-columns:1fr 1fr;gap:8px}.ex-label,.ex-head{font-weight:600;font-size:12px;color:var(--muted)}
.trace{padding-left:22px}.trace li{margin:2px 0}.step-kind{font-size:11px;text-transform:uppercase;font-weight:700;color:var(--muted)}.step-source .step-kind{color:var(--accent)}.step-sink .step-kind{color:var(--high)}
.remediation{border-top:1px dashed var(--line);margin-top:10px}.muted{color:var(--muted)}.suppression{background:#fffaeb;padding:4px 8px;border-radius:4px}
table{border-collapse:collapse}.data th,.data td,.kv th,.kv td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}.data thead th{background:#f2f4f7}.kv th{background:#f9fafb;font-weight:600}
.scroll{overflow:auto;max-width:100%}.tone-allow{color:#067647;font-weight:600}.tone-deny{color:#b42318}
.run{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 12px}.run h3{margin:0 0 4px}
.score{display:flex;align-items:center;gap:10px;margin:6px 0}.score-categories .score{margin:0}.score-categories .score-value{font-size:14px}.score-value{font-size:28px;font-weight:700}.grade{font-size:20px;font-weight:700;border:2px solid var(--fg);border-radius:6px;padding:0 8px}
.gauge-bg{fill:#eaecf0}.gauge-good{fill:#17b26a}.gauge-fair{fill:#f79009}.gauge-poor{fill:#d92d20}
code.wrap{overflow-wrap:anywhere}.pm-allowed{color:#166534}.pm-denied{color:#64748b}.pm-error{color:#b45309}.pm-bad{background:#fee2e2;color:#991b1b}
.timeline{list-style:none;padding-left:0;border-left:3px solid var(--accent);margin-left:6px}.timeline li{position:relative;padding:2px 0 8px 14px}.timeline time{font-family:ui-monospace,monospace;font-size:12px;color:var(--muted);display:block}
.fact{font-size:12px;margin-right:8px}.notes td,.notes th{border:1px solid var(--line);padding:3px 8px;text-align:left}.lvl-error{color:var(--high);font-weight:700}.lvl-warning{color:#b54708;font-weight:700}
@media (max-width:800px){.ex-grid{grid-template-columns:1fr}main{padding:12px}}
@media print{#filters{display:none}.finding details{display:block}}
`.trim();

const JS = `
(function(){
"use strict";
var data=JSON.parse(document.getElementById("rampart-data").textContent);
var form=document.getElementById("filters");
var items=Array.prototype.slice.call(document.querySelectorAll("#findings article.finding"));
var shown=document.getElementById("shown");
function apply(){
  var sev={};
  Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"),function(c){sev[c.value]=c.checked;});
  var dom=form.elements.domain.value,eng=form.elements.engine.value,q=form.elements.q.value.trim().toLowerCase();
  var n=0;
  items.forEach(function(el){
    var d=data.findings[Number(el.getAttribute("data-i"))];
    var ok=!!d&&sev[d.severity]!==false&&(!dom||d.domain===dom)&&(!eng||d.engine===eng)&&(!q||d.text.indexOf(q)>=0);
    el.hidden=!ok;if(ok)n++;
  });
  shown.textContent=n+" of "+items.length+" shown";
}
form.addEventListener("input",apply);form.addEventListener("change",apply);
form.addEventListener("submit",function(e){e.preventDefault();});
document.getElementById("expand").addEventListener("click",function(){items.forEach(function(el){if(!el.hidden)el.querySelector("details").open=true;});});
document.getElementById("collapse").addEventListener("click",function(){items.forEach(function(el){el.querySelector("details").open=false;});});
apply();
})();
`.trim();

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * One self-contained HTML page: summary with inline SVG charts, filters, every finding with its
 * evidence and remediation, suppressed findings, notifications and what each engine did (with its
 * extras). Target data is HTML-escaped; the filter data sits in a JSON script block with `<`, `>`, `&`,
 * U+2028/2029 escaped; and a Content-Security-Policy allows only this page's own style and script
 * (by hash) and no network at all.
 */
export function renderHtml(report: Report): string {
  const { active, suppressed } = splitFindings(report);
  const checks = allChecks(report);
  const title = `Rampart report · ${countsText(SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length]))}`;

  const sevEntries = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length, s] as const);
  const domainCounts = groupBy(active, (f) => f.domain);
  const domainEntries = [...DOMAINS.filter((d) => domainCounts.has(d)), ...[...domainCounts.keys()].filter((d) => !(DOMAINS as readonly string[]).includes(d))].map((d) => [d, domainCounts.get(d)!.length, 'domain'] as const);
  const owaspCounts = new Map<string, number>();
  for (const f of active) for (const o of f.owasp.length > 0 ? f.owasp : ['none']) owaspCounts.set(o, (owaspCounts.get(o) ?? 0) + 1);
  const owaspOrder = [...Object.keys(OWASP_API_2023), ...[...owaspCounts.keys()].filter((o) => !Object.hasOwn(OWASP_API_2023, o) && o !== 'none'), 'none'];
  const owaspEntries = owaspOrder.filter((o) => owaspCounts.has(o)).map((o) => [o === 'none' ? 'no OWASP category' : `${o} ${OWASP_API_2023[o] ?? ''}`.trim(), owaspCounts.get(o)!, 'owasp'] as const);

  const cards = SEVERITIES.map((s) => `<div class="card sev-${s}"><span class="n">${active.filter((f) => f.severity === s).length}</span>${s}</div>`).join('') + `<div class="card"><span class="n">${active.length}</span>total</div>` + (suppressed.length > 0 ? `<div class="card"><span class="n">${suppressed.length}</span>suppressed</div>` : '');

  const engines = [...new Set(report.runs.map((r) => r.engine))];
  const domains = [...domainCounts.keys()];
  const filterData = {
    findings: active.map((f) => ({
      severity: f.severity,
      domain: f.domain,
      engine: f.engine,
      text: [f.title, f.message, f.checkId, locationLabel(f.location), f.location.kind === 'http' ? f.location.url : '', ...f.owasp, ...f.cwe].join(' ').toLowerCase(),
    })),
  };
  const filters =
    `<form id="filters" role="search">` +
    SEVERITIES.map((s) => `<label><input type="checkbox" name="severity" value="${s}" checked> ${s}</label>`).join(' ') +
    ` <label>Domain <select name="domain"><option value="">all</option>${domains.map((d) => `<option value="${esc(d)}">${esc(d)}</option>`).join('')}</select></label>` +
    ` <label>Engine <select name="engine"><option value="">all</option>${engines.map((e) => `<option value="${esc(e)}">${esc(e)}</option>`).join('')}</select></label>` +
    ` <label>Search <input type="search" name="q" placeholder="text, check, path, CWE…"></label>` +
    ` <button type="button" id="expand">Expand all</button> <button type="button" id="collapse">Collapse all</button>` +
    `<span id="shown">${active.length} of ${active.length} shown</span></form>`;

  const findings = active.length > 0 ? active.map((f, i) => findingHtml(f, i, checks.get(f.checkId))).join('\n') : '<p>No findings.</p>';
  const suppressedHtml =
    suppressed.length > 0
      ? `<section id="suppressed"><details><summary><h2>Suppressed findings (${suppressed.length})</h2></summary>${suppressed.map((f, i) => findingHtml(f, active.length + i, checks.get(f.checkId))).join('\n')}</details></section>`
      : '';
  const notes = report.runs.flatMap((r) => r.notifications.map((n) => ({ ...n, engine: n.engine ?? r.engine })));
  const notesHtml =
    notes.length > 0
      ? `<section id="notifications"><h2>Tool notifications</h2><table class="notes"><thead><tr><th>Level</th><th>Engine</th><th>Code</th><th>Message</th><th>About</th></tr></thead><tbody>${notes
          .map((n) => `<tr><td class="lvl-${cls(n.level)}">${esc(n.level)}</td><td>${esc(n.engine)}</td><td><code>${esc(n.code)}</code></td><td>${esc(n.message)}</td><td>${esc([n.checkId, n.subject].filter(Boolean).join(' '))}</td></tr>`)
          .join('')}</tbody></table></section>`
      : '';

  const csp = `default-src 'none'; style-src 'sha256-${sha256(CSS)}'; script-src 'sha256-${sha256(JS)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rampart ${esc(report.tool.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>Rampart security report</h1><p>${esc(report.createdAt)} · rampart ${esc(report.tool.version)} · ${report.runs.map((r) => `${esc(r.engine)} (${esc(r.target)})`).join(', ') || 'no engines ran'}</p></header>
<main>
<section id="summary"><h2>Summary</h2><div class="cards">${cards}</div>
<div class="charts">${barChart('Findings by severity', sevEntries)}${barChart('Findings by domain', domainEntries)}${barChart('Findings by OWASP API Top 10 (2023)', owaspEntries)}</div></section>
<section id="findings-section"><h2>Findings</h2>${filters}<div id="findings">
${findings}
</div></section>
${suppressedHtml}
${notesHtml}
<section id="engines"><h2>Engines</h2>${report.runs.map(runHtml).join('\n') || '<p>No engines ran.</p>'}</section>
</main>
<script type="application/json" id="rampart-data">${scriptJson(filterData)}</script>
<script>${JS}</script>
</body>
</html>
`;
}
