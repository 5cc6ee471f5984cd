import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { REPORT_FORMAT_VERSION, makeReport } from '../core/report.js';
import { fixtureReport } from '../../test/report/fixture.js';
import { renderJson } from './json.js';
import { isReport, reportProblems } from './schema.js';

const schema = JSON.parse(readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function check(value: unknown): void {
  const ok = validate(value);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
}

test('json: real output validates against report.schema.json', () => {
  const out = renderJson(fixtureReport());
  const parsed = JSON.parse(out);
  assert.equal(parsed.formatVersion, REPORT_FORMAT_VERSION);
  check(parsed);
  check(JSON.parse(renderJson(makeReport([], '0.1.0', '2026-01-01T00:00:00Z'))));
  check(JSON.parse(renderJson(fixtureReport({ text: '<script>"\u2028\u0000' }))));
});

test('json: lossless round trip of the report (suppressions, extras, evidence)', () => {
  const report = fixtureReport();
  assert.deepEqual(JSON.parse(renderJson(report)), JSON.parse(JSON.stringify(report)));
  const parsed = JSON.parse(renderJson(report));
  const code = parsed.runs.find((r: { engine: string }) => r.engine === 'code');
  assert.equal(code.findings.filter((f: { suppression?: unknown }) => f.suppression).length, 1);
  assert.equal(parsed.runs[0].findings[0].evidence.exchanges.length, 2);
});

test('json: the schema rejects what the model forbids', () => {
  const good = JSON.parse(renderJson(fixtureReport()));
  const bad = (mutate: (r: any) => void) => {
    const copy = structuredClone(good);
    mutate(copy);
    assert.equal(validate(copy), false, JSON.stringify(copy).slice(0, 80));
  };
  bad((r) => (r.formatVersion = '2.0'));
  bad((r) => (r.runs[0].findings[0].severity = 'urgent'));
  bad((r) => (r.runs[0].findings[0].location = { kind: 'file', file: 'a.ts' }));
  bad((r) => (r.runs[0].findings[0].location.kind = 'ftp'));
  bad((r) => (r.runs[0].findings[0].owasp = ['API11:2023']));
  bad((r) => (r.runs[0].findings[0].unknownField = 1));
  bad((r) => delete r.runs[0].checks[0].remediation);
  bad((r) => (r.runs[0].notifications[0].level = 'fatal'));
  bad((r) => (r.runs[1].findings[0].evidence.trace[0].kind = 'middle'));
});

test('json: the documented schema file is what docs/report-format.md points to', () => {
  const doc = readFileSync(new URL('../../docs/report-format.md', import.meta.url), 'utf8');
  assert.match(doc, /src\/report\/report\.schema\.json/);
  assert.ok(doc.includes(`"formatVersion": "${REPORT_FORMAT_VERSION}"`), 'doc example shows the current version');
  for (const def of ['Report', 'EngineRun', 'Finding', 'Location', 'Evidence', 'Notification', 'CheckMeta']) {
    assert.ok(schema.$defs[def], `schema defines ${def}`);
    assert.ok(doc.includes(`### ${def}`), `doc documents ${def}`);
  }
});

test('json: reportProblems/isReport for readers of JSON reports (report merge, baselines)', () => {
  assert.deepEqual(reportProblems(JSON.parse(renderJson(fixtureReport()))), []);
  assert.equal(isReport(JSON.parse(renderJson(fixtureReport()))), true);
  const bad = JSON.parse(renderJson(fixtureReport()));
  bad.runs[0].findings[0].severity = 'urgent';
  delete bad.runs[1].findings[0].location.startLine;
  const problems = reportProblems(bad);
  assert.ok(problems.some((p) => p.startsWith('/runs/0/findings/0/severity: must be equal to one of the allowed values (critical, high, medium, low, info)')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('/runs/1/findings/0/location')), problems.join('\n'));
  assert.equal(isReport({ formatVersion: '1.0' }), false);
});
