import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import Ajv4 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { fixtureReport } from '../../test/report/fixture.js';
import { pathToUri, renderSarif } from './sarif.js';
import { sarifLevel, securitySeverity } from './index.js';

// The official OASIS schema lives next to the repository, never inside it.
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const schemaPath = resolve(repoRoot, '..', 'shared', 'data', 'sarif', 'sarif-schema-2.1.0.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv4.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

type Json = any;
const sarif = (): Json => JSON.parse(renderSarif(fixtureReport()));

test('sarif: validates against the official SARIF 2.1.0 schema', () => {
  for (const text of ['', '<script>"\u0000 ]]> &amp; %20 #frag ?q'] as const) {
    const log = JSON.parse(renderSarif(fixtureReport({ text, file: `src/we ird${text}.ts` })));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  }
  // and a deliberately broken log is rejected, so the validator is really on
  const broken = sarif();
  broken.runs[0].results[0].level = 'fatal';
  assert.equal(validate(broken), false);
});

test('sarif: one run per engine run, driver and rules as GitHub code scanning needs them', () => {
  const log = sarif();
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 4);
  assert.deepEqual(log.runs.map((r: Json) => r.automationDetails.id), ['rampart/scan/', 'rampart/code/', 'rampart/spec/', 'rampart/logs/']);
  for (const run of log.runs) {
    const d = run.tool.driver;
    assert.equal(d.name, 'rampart');
    assert.equal(d.version, '0.1.0');
    assert.equal(d.informationUri, undefined, 'the project has no web site to name');
    for (const r of d.rules) {
      assert.match(r.id, /^[a-z]+\/[a-z0-9-]+$/);
      assert.ok(r.name && r.shortDescription.text && r.fullDescription.text, r.id);
      assert.ok(r.help.text.length > 0 && r.help.markdown.length > 0, r.id);
      assert.match(r.helpUri, /^https:\/\//, 'helpUri is the first reference of the check');
      assert.match(r.properties['security-severity'], /^\d+\.\d$/);
      assert.ok(r.properties.tags.includes('security'));
      assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
    }
  }
  const scanRules = log.runs[0].tool.driver.rules;
  assert.deepEqual(scanRules.map((r: Json) => r.id), ['scan/sql-injection', 'scan/cors-reflected-origin', 'scan/missing-security-headers'], 'rules also for checks that found nothing');
  const sqli = scanRules[0];
  assert.equal(sqli.properties['security-severity'], '9.5');
  assert.deepEqual(sqli.properties.tags, ['security', 'injection', 'OWASP-API8:2023', 'external/cwe/cwe-89']);
  assert.match(sqli.help.markdown, /\*\*Remediation:\*\* Use parameterised queries/);
  assert.match(sqli.help.markdown, /<https:\/\/owasp\.org\/www-community\/attacks\/SQL_Injection>/);
  assert.match(sqli.help.text, /References:\n- https:\/\/owasp\.org/);
});

test('sarif: results carry ruleId/ruleIndex, level, message, fingerprints and locations', () => {
  const log = sarif();
  assert.ok(log.runs.length <= 20, 'GitHub accepts at most 20 runs per file');
  for (const run of log.runs) {
    for (const r of run.tool.driver.rules) assert.ok(r.properties.tags.length <= 20, 'GitHub keeps at most 20 tags');
    for (const res of run.results) {
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.equal(typeof res.message.text, 'string', 'flattened message text');
      for (const l of res.locations) {
        const uri = l.physicalLocation?.artifactLocation?.uri;
        if (uri !== undefined) assert.doesNotMatch(uri, /^[a-z][a-z0-9+.-]*:/i, 'a relative file path');
        if (uri !== undefined) assert.ok(l.physicalLocation.region.startLine >= 1);
      }
      for (const cf of res.codeFlows ?? []) for (const tf of cf.threadFlows) for (const tl of tf.locations) assert.equal(tl.index, undefined, 'thread flow locations inline');
      assert.ok(res.message.text.length > 0);
      assert.match(res.partialFingerprints['rampartFingerprint/v1'], /^[0-9a-f]{32}$/);
      assert.ok(res.locations.length >= 1);
    }
  }
  const [scan, code, spec, logs] = log.runs;
  // HTTP: a logical location, and the spec line as a physical one when known
  const sqli = scan.results[0];
  assert.equal(sqli.level, 'error');
  assert.deepEqual(sqli.locations[0].logicalLocations[0], { name: 'GET /users/{id}', fullyQualifiedName: 'GET http://127.0.0.1:4010/users/1', kind: 'resource' });
  assert.equal(sqli.locations[0].physicalLocation.artifactLocation.uri, 'openapi.yaml');
  assert.equal(sqli.locations[0].physicalLocation.region.startLine, 42);
  assert.deepEqual(sqli.webRequest, { protocol: 'HTTP', target: "http://127.0.0.1:4010/users/1'", method: 'GET', headers: { Authorization: 'Bearer abcdef…(30 chars)' } }, 'first exchange, credentials masked');
  assert.equal(sqli.webResponse.statusCode, 500);
  assert.match(sqli.webResponse.body.text, /^SQLITE_ERROR/);
  const cors = scan.results[1];
  assert.equal(cors.locations[0].physicalLocation, undefined, 'no spec, no physical location');
  assert.equal(cors.locations[0].logicalLocations[0].name, 'OPTIONS /login');
  // file results: uri + region.startLine (GitHub requires both)
  const taint = code.results[0];
  assert.deepEqual(taint.locations[0].physicalLocation, { artifactLocation: { uri: 'src/db/users.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 17, endLine: 18, startColumn: 5 } });
  assert.equal(code.results[1].properties.commit, '0123456789abcdef0123456789abcdef01234567');
  assert.equal(code.results[1].level, 'warning');
  // spec and log results
  assert.equal(spec.results[0].locations[0].physicalLocation.region.startLine, 8);
  assert.equal(spec.results[0].locations[0].logicalLocations[0].fullyQualifiedName, '/servers/0/url');
  assert.deepEqual(logs.results[0].locations[0].physicalLocation.region, { startLine: 1200, endLine: 1290 });
  assert.equal(logs.results[0].level, 'note');
});

test('sarif: dataflow traces become codeFlows, suppressions and notifications are kept', () => {
  const [scan, code] = sarif().runs;
  const flow = code.results[0].codeFlows[0].threadFlows[0].locations;
  assert.equal(flow.length, 3);
  assert.deepEqual(flow.map((l: Json) => l.kinds[0]), ['source', 'taint', 'sink']);
  assert.deepEqual(flow.map((l: Json) => l.location.physicalLocation.region.startLine), [9, 10, 17]);
  assert.equal(flow[0].location.message.text, 'req.params.id');
  assert.equal(flow[0].location.physicalLocation.artifactLocation.uri, 'src/routes/users.ts');

  const sup = code.results.find((r: Json) => r.suppressions);
  assert.deepEqual(sup.suppressions[0].kind, 'inSource');
  assert.equal(sup.suppressions[0].status, 'accepted');
  assert.equal(sup.suppressions[0].justification, 'test fixture, not a real key');
  assert.equal(code.results.filter((r: Json) => r.suppressions).length, 1);

  const notes = scan.invocations[0].toolExecutionNotifications;
  assert.equal(notes.length, 2);
  assert.deepEqual(notes[0].associatedRule, { id: 'scan/missing-security-headers', index: 2 });
  assert.equal(notes[0].level, 'error');
  assert.equal(notes[0].descriptor.id, 'check-failed');
  assert.equal(scan.invocations[0].executionSuccessful, true, 'a failed check does not fail the run');
});

test('sarif: levels and security-severity helpers', () => {
  assert.deepEqual(['critical', 'high', 'medium', 'low', 'info'].map((s) => sarifLevel(s as never)), ['error', 'error', 'warning', 'note', 'note']);
  assert.deepEqual(['critical', 'high', 'medium', 'low'].map((s) => Number(securitySeverity(s as never))).map((n) => (n >= 9 ? 'c' : n >= 7 ? 'h' : n >= 4 ? 'm' : 'l')), ['c', 'h', 'm', 'l']);
});

test('sarif: file paths become URI references', () => {
  assert.equal(pathToUri('src/a b/c#d?.ts'), 'src/a%20b/c%23d%3F.ts');
  assert.equal(pathToUri('app.apk!/classes.dex'), 'app.apk!/classes.dex');
  assert.equal(pathToUri('src\\win\\x.ts'), 'src/win/x.ts');
  assert.equal(pathToUri('lib/ünï.js'), 'lib/%C3%BCn%C3%AF.js');
});
