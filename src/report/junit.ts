import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { cutLines, durationSeconds, headerLines, locationLabel, runChecks } from './util.js';
import { redactText } from '../core/mask.js';

/**
 * Text safe for XML 1.0 character data and attribute values: markup characters escaped, characters
 * XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) written as visible `\uXXXX`.
 * Never uses CDATA, so `]]>` in the data is harmless.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks and tabs (a parser would normalise them to spaces). */
function attr(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function failureBody(f: Finding): string {
  const lines = [`${f.severity.toUpperCase()} ${f.checkId}: ${f.message}`, `Location: ${locationLabel(f.location)}`];
  if (f.location.kind === 'http') lines.push(`URL: ${f.location.url}`);
  lines.push(`Confidence: ${f.confidence}`, `Fingerprint: ${f.fingerprint}`);
  const e = f.evidence;
  if (e) {
    if (e.summary) lines.push(`Evidence: ${redactText(e.summary)}`);
    if (e.payload) lines.push(`Payload: ${redactText(e.payload)}`);
    if (e.secret) lines.push(`Secret (masked): ${e.secret}`);
    for (const x of e.exchanges ?? []) {
      lines.push(`${x.label ? `[${x.label}] ` : ''}${x.request.method} ${redactText(x.request.url)}`, ...headerLines(x.request.headers).map((h) => `  ${h}`));
      if (x.request.body) lines.push(cutLines(redactText(x.request.body), 10));
      if (x.response) {
        lines.push(`-> ${x.response.status}`, ...headerLines(x.response.headers).map((h) => `  ${h}`));
        if (x.response.body) lines.push(cutLines(redactText(x.response.body), 10));
      }
    }
    if (e.trace && e.trace.length > 0) {
      lines.push('Trace:', ...e.trace.map((s, i) => `  ${i + 1}. [${s.kind}] ${s.file}:${s.line} ${s.message}`));
    }
    if (e.snippet) lines.push('Snippet:', cutLines(e.snippet, 10));
    if (e.lines && e.lines.length > 0) lines.push('Lines:', ...e.lines.slice(0, 10).map((l) => `  ${redactText(l)}`));
  }
  lines.push(`Remediation: ${f.remediation}`);
  return lines.join('\n');
}

/**
 * JUnit XML for CI dashboards: one `<testsuite>` per engine run, one `<testcase>` per check that ran,
 * one `<failure>` per (unsuppressed) finding. A check that crashed gets an `<error>`; suppressed
 * findings are listed in the case's `<system-out>`.
 */
export function renderJunit(report: Report): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let time = 0;
  for (const run of report.runs) {
    const checks = runChecks(run.checks, run.findings);
    const secs = durationSeconds(run.startedAt, run.finishedAt);
    time += secs;
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    for (const c of checks) {
      const found = run.findings.filter((f) => f.checkId === c.id);
      const active = found.filter((f) => !f.suppression);
      const suppressed = found.filter((f) => f.suppression);
      const crashed = run.notifications.filter((n) => n.checkId === c.id && n.level === 'error');
      suiteFailures += active.length;
      suiteErrors += crashed.length;
      const body: string[] = [];
      for (const f of active) {
        body.push(`      <failure message="${attr(`${f.message} (${locationLabel(f.location)})`)}" type="${attr(f.severity)}">${xmlEscape(failureBody(f))}</failure>`);
      }
      for (const n of crashed) body.push(`      <error message="${attr(n.message)}" type="${attr(n.code)}">${xmlEscape(n.subject ?? '')}</error>`);
      if (suppressed.length > 0) {
        const text = suppressed.map((f) => `suppressed: ${locationLabel(f.location)}: ${f.message} (${f.suppression!.reason}; ${f.suppression!.source})`).join('\n');
        body.push(`      <system-out>${xmlEscape(text)}</system-out>`);
      }
      const open = `    <testcase classname="${attr(`rampart.${run.engine}`)}" name="${attr(`${c.id}: ${c.title}`)}" time="0"`;
      cases.push(body.length > 0 ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    tests += checks.length;
    failures += suiteFailures;
    errors += suiteErrors;
    const props = [['engine', run.engine], ['target', run.target], ...Object.entries(run.stats).map(([k, v]) => [`stats.${k}`, String(v)])]
      .map(([k, v]) => `      <property name="${attr(k!)}" value="${attr(v!)}"/>`)
      .join('\n');
    const other = run.notifications.filter((n) => !(n.checkId && n.level === 'error'));
    const sysErr = other.length > 0 ? `\n    <system-err>${xmlEscape(other.map((n) => `${n.level} ${n.code}${n.subject ? ` (${n.subject})` : ''}: ${n.message}`).join('\n'))}</system-err>` : '';
    suites.push(
      `  <testsuite name="${attr(`rampart ${run.engine}: ${run.target}`)}" tests="${checks.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="0" time="${secs.toFixed(3)}" timestamp="${attr(run.startedAt.replace(/Z$/, ''))}">\n` +
        `    <properties>\n${props}\n    </properties>\n${cases.join('\n')}${sysErr}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rampart" tests="${tests}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${suites.join('\n')}${suites.length > 0 ? '\n' : ''}</testsuites>\n`;
}
