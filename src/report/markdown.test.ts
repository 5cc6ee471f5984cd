import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFinding } from '../core/create.js';
import { makeReport } from '../core/report.js';
import { SQLI, fixtureReport } from '../../test/report/fixture.js';
import { mdEscape, renderMarkdown } from './markdown.js';

const tableRows = (md: string, header: string): string[][] => {
  const lines = md.split('\n');
  const start = lines.indexOf(header);
  assert.ok(start >= 0, `table ${header}`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    // split on unescaped pipes only
    rows.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
};

/** The Markdown with fenced code blocks removed (a fence closes only with a fence of the same length or longer). */
function outsideFences(md: string): string {
  const out: string[] = [];
  let fence = '';
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (!fence && m) fence = m[1]!;
    else if (fence && m && m[1]!.length >= fence.length && line.trim() === m[1]) fence = '';
    else if (!fence) out.push(line);
  }
  assert.equal(fence, '', 'every fence is closed');
  return out.join('\n');
}

test('markdown: totals, top findings table and collapsible details', () => {
  const md = renderMarkdown(fixtureReport());
  assert.match(md, /^## Rampart security report\n/);
  assert.match(md, /\*\*6 findings\*\*, 1 suppressed · engines: scan \(http:\/\/127\.0\.0\.1:4010\), code/);
  const totals = tableRows(md, '| Severity | Findings |');
  assert.deepEqual(totals.map((r) => r[1]), ['1', '2', '2', '0', '1', '**6**']);
  const top = tableRows(md, '| Severity | Check | Location | Message |');
  assert.equal(top.length, 6);
  assert.deepEqual(top.map((r) => r.length), [4, 4, 4, 4, 4, 4]);
  assert.deepEqual(top[0], ['🟥 critical', 'scan/sql-injection', 'GET /users/{id} \\[path id\\]', 'Parameter id reaches a SQL query (SQLite error).']);
  assert.equal(top[3]![2], 'openapi.yaml:8 (/servers/0/url)');
  assert.match(md, /<details><summary>Details of all 6 findings<\/summary>/);
  assert.match(md, /\*\*Remediation:\*\* Use parameterised queries/);
  assert.match(md, /```http\nGET http:\/\/127\.0\.0\.1:4010\/users\/1'\nAuthorization: Bearer abcdef…\(30 chars\)/);
  assert.match(md, /```\n1\. \[source\] src\/routes\/users\.ts:9 {2}req\.params\.id/);
  assert.match(md, /<details><summary>Suppressed findings \(1\)<\/summary>/);
  assert.match(md, /<details><summary>Tool notifications: 1 error, 1 warning, 1 note<\/summary>/);
  assert.equal((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
});

test('markdown: pipes, HTML, mentions and fences from a target are neutralised', () => {
  const hostile = '| x | <img src=x onerror=alert(1)> @octocat </details> ``` [link](javascript:alert(1)) *bold*\nnext';
  const md = renderMarkdown(fixtureReport({ text: hostile }));
  const top = tableRows(md, '| Severity | Check | Location | Message |');
  assert.deepEqual(top.map((r) => r.length), [4, 4, 4, 4, 4, 4], 'a pipe in a message does not add a column');
  // code blocks render literally; everything outside them must be inert
  const prose = outsideFences(md);
  assert.doesNotMatch(prose, /<img/);
  assert.doesNotMatch(prose, /@octocat/);
  assert.equal((prose.match(/<\/details>/g) ?? []).length, 3, 'only our own details blocks');
  assert.doesNotMatch(prose, /(?<!\\)\]\(javascript:/);
  assert.equal(mdEscape('a|b <c> @d `e` [f](g) *h*'), 'a\\|b &lt;c&gt; &#64;d \\`e\\` \\[f\\](g) \\*h\\*');
  // a fence inside evidence cannot close ours: every fenced block we open is closed by the same fence
  const fences = md.match(/^`{3,}[a-z]*$/gm) ?? [];
  assert.equal(fences.length % 2, 0);
});

test('markdown: top N, and no findings', () => {
  const many = Array.from({ length: 30 }, (_, i) => createFinding(SQLI, { messageId: 'errorBased', data: { param: `p${i}`, dbms: 'x' }, location: { kind: 'http', method: 'GET', path: `/p${i}`, url: `http://127.0.0.1/p${i}` } }));
  const report = makeReport([{ ...fixtureReport().runs[0]!, findings: many, notifications: [] }], '0.1.0', '2026-01-01T00:00:00Z');
  const md = renderMarkdown(report);
  assert.match(md, /### Top findings \(15 of 30\)/);
  assert.equal(tableRows(md, '| Severity | Check | Location | Message |').length, 15);
  assert.match(renderMarkdown(makeReport([], '0.1.0', '2026-01-01T00:00:00Z')), /No findings\. ✅/);
  // stays under GitHub's comment limit however many findings there are
  const huge = Array.from({ length: 2000 }, (_, i) => createFinding(SQLI, { messageId: 'errorBased', data: { param: `p${i}`.repeat(20), dbms: 'x' }, location: { kind: 'http', method: 'GET', path: `/p${i}`, url: `http://127.0.0.1/p${i}` } }));
  const big = renderMarkdown(makeReport([{ ...fixtureReport().runs[0]!, findings: huge, notifications: [] }], '0.1.0', '2026-01-01T00:00:00Z'));
  assert.ok(big.length < 65_536, String(big.length));
  assert.match(big, /<summary>Details of \d+ of 2000 findings<\/summary>/);
  assert.match(big, /_\d+ more findings are in the full report/);
});
