import { slugOf } from '../core/check.js';
import type { CheckMeta } from '../core/check.js';
import type { Finding, Location, Severity } from '../core/finding.js';
import { SEVERITIES, compareSeverity } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { redactHeaders, redactText } from '../core/mask.js';


/** The documentation page of a check, relative to the repository (`docs/checks/<engine>/<slug>.md`). */
export function checkDocPath(checkId: string): string {
  const i = checkId.indexOf('/');
  return i > 0 ? `docs/checks/${checkId.slice(0, i)}/${slugOf(checkId)}.md` : `docs/checks/${checkId}.md`;
}

/**
 * The documentation page of a check, as a path inside the Rampart package (the project publishes no
 * web site; the page ships with the package and sits at this path in the repository).
 */
export function checkDocUrl(checkId: string): string {
  return checkDocPath(checkId);
}

/** SARIF result level for a severity: critical/high are errors, medium warnings, the rest notes. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

/**
 * The `security-severity` property GitHub code scanning reads (a numeric string, 0.0 to 10.0):
 * over 9.0 is critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
 */
export function securitySeverity(severity: Severity): string {
  switch (severity) {
    case 'critical':
      return '9.5';
    case 'high':
      return '8.0';
    case 'medium':
      return '5.5';
    case 'low':
      return '3.0';
    case 'info':
      return '0.0';
  }
}

/** A location as one line: `file:line`, `METHOD path [in name]`, `spec-file:line (pointer)`, `log-file:line`. */
export function locationLabel(loc: Location): string {
  switch (loc.kind) {
    case 'file': {
      const span = loc.endLine !== undefined && loc.endLine !== loc.startLine ? `${loc.startLine}-${loc.endLine}` : `${loc.startLine}`;
      return `${loc.file}:${span}${loc.commit ? ` @${loc.commit.slice(0, 12)}` : ''}`;
    }
    case 'http':
      return `${loc.method.toUpperCase()} ${loc.path}${loc.parameter ? ` [${loc.parameter.in} ${loc.parameter.name}]` : ''}`;
    case 'spec':
      return `${loc.file}${loc.line !== undefined ? `:${loc.line}` : ''} (${loc.pointer})`;
    case 'log':
      return `${loc.file}:${loc.line}${loc.endLine !== undefined && loc.endLine !== loc.line ? `-${loc.endLine}` : ''}`;
  }
}

/**
 * Replace characters that could drive a terminal or break a line-based format (C0/C1 controls, DEL,
 * bidi overrides, line and paragraph separators) with visible escapes. Tabs become spaces.
 */
export function visible(text: string): string {
  return text.replace(/\t/g, '  ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of at most `max` characters: white space collapsed, controls made visible. */
export function oneLine(text: string, max = 160): string {
  const flat = visible(text.replace(/\s*[\r\n]+\s*/g, ' ⏎ ').trim());
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Cut a multi-line text to `maxLines` lines of at most `maxCols` characters each. */
export function cutLines(text: string, maxLines = 20, maxCols = 240): string {
  const lines = text.split(/\r?\n/);
  const kept = lines.slice(0, maxLines).map((l) => (l.length > maxCols ? `${l.slice(0, maxCols - 1)}…` : l));
  if (lines.length > maxLines) kept.push(`… ${lines.length - maxLines} more lines`);
  return kept.join('\n');
}

/** The single most telling piece of evidence, as a short line (empty when there is none). */
export function evidenceExcerpt(f: Finding, max = 140): string {
  const e = f.evidence;
  if (!e) return '';
  if (e.summary) return oneLine(redactText(e.summary), max);
  if (e.secret) return oneLine(`secret ${e.secret}`, max);
  if (e.trace && e.trace.length > 0) {
    const first = e.trace[0]!;
    const last = e.trace[e.trace.length - 1]!;
    return oneLine(`${first.message} (${first.file}:${first.line}) → ${last.message} (${last.file}:${last.line})`, max);
  }
  if (e.exchanges && e.exchanges.length > 0) {
    const x = e.exchanges[0]!;
    const status = x.response ? ` → ${x.response.status}` : '';
    const body = x.response?.body ? ` ${redactText(x.response.body)}` : '';
    return oneLine(`${x.request.method} ${redactText(x.request.url)}${status}${body}`, max);
  }
  if (e.payload) return oneLine(`payload ${redactText(e.payload)}`, max);
  if (e.snippet) return oneLine(e.snippet.trim(), max);
  if (e.lines && e.lines.length > 0) return oneLine(redactText(e.lines[0]!), max);
  if (e.data) return oneLine(JSON.stringify(e.data), max);
  return '';
}

/** Headers of an exchange as `Name: value` lines, credentials masked. */
export function headerLines(headers: Readonly<Record<string, string>> | undefined): string[] {
  if (!headers) return [];
  return Object.entries(redactHeaders(headers)).map(([k, v]) => `${k}: ${v}`);
}

/** A sortable view of findings: severity, then domain, then check id, then location. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      a.domain.localeCompare(b.domain) ||
      a.checkId.localeCompare(b.checkId) ||
      locationLabel(a.location).localeCompare(locationLabel(b.location)),
  );
}

/** Findings of a report split into active and suppressed, each sorted. */
export function splitFindings(report: Report): { active: Finding[]; suppressed: Finding[] } {
  const active: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const r of report.runs) for (const f of r.findings) (f.suppression ? suppressed : active).push(f);
  return { active: sortFindings(active), suppressed: sortFindings(suppressed) };
}

/** Group items by a key, keeping first-seen order of keys. */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Counts per severity in SEVERITIES order. */
export function severityCounts(findings: readonly Finding[]): Array<[Severity, number]> {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]);
}

/** The checks of a run, plus a minimal entry for any finding whose check is not listed. */
export function runChecks(checks: readonly CheckMeta[], findings: readonly Finding[]): CheckMeta[] {
  const out = new Map<string, CheckMeta>();
  for (const c of checks) out.set(c.id, c);
  for (const f of findings) {
    if (!out.has(f.checkId)) {
      out.set(f.checkId, {
        id: f.checkId,
        title: f.title,
        severity: f.severity,
        confidence: f.confidence,
        domain: f.domain,
        owasp: f.owasp,
        cwe: f.cwe,
        description: f.title,
        remediation: f.remediation,
        references: [],
        messages: {},
      });
    }
  }
  return [...out.values()];
}

/** Duration between two ISO times in seconds (0 when either is unparseable). */
export function durationSeconds(start: string, end: string): number {
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

/** `1 critical, 2 high` style text of non-zero counts, or `none`. */
export function countsText(counts: Array<[string, number]>): string {
  const parts = counts.filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
