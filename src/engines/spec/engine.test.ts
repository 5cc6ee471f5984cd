import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolError } from '../../core/errors.js';
import type { SpecLocation } from '../../core/finding.js';
import { loadOpenApiFile } from '../../surface/openapi.js';
import { SPEC_CHECKS } from './checks/index.js';
import { defineSpecCheck } from './define.js';
import { runSpecAudit } from './engine.js';
import { computeScore } from './score.js';
import type { SpecScore } from './score.js';
import { parseSelector } from './select.js';

const fx = fileURLToPath(new URL('./fixtures/', import.meta.url));
const now = () => new Date('2026-01-02T03:04:05Z');

test('the fixed twin has no findings and scores 100', async () => {
  const run = runSpecAudit(await loadOpenApiFile(join(fx, 'fixed.yaml')), { now });
  assert.deepEqual(run.findings.map((f) => `${f.checkId} ${f.message}`), []);
  assert.equal((run.extras!.score as SpecScore).overall, 100);
  assert.equal(run.checks.length, SPEC_CHECKS.length);
  assert.equal(run.stats.operations, 5);
});

test('findings carry file, pointer, line and column, also in $ref-ed files', async () => {
  const run = runSpecAudit(await loadOpenApiFile(join(fx, 'vulnerable.yaml')), { now, displayFile: (f) => f.slice(fx.length) });
  const byCheck = (id: string) => run.findings.filter((f) => f.checkId === id).map((f) => f.location as SpecLocation);
  assert.deepEqual(byCheck('spec/server-url-plain-http'), [{ kind: 'spec', file: 'vulnerable.yaml', pointer: '/servers/0/url', line: 6, column: 5 }]);
  assert.deepEqual(byCheck('spec/ssrf-prone-parameter'), [{ kind: 'spec', file: 'models.yaml', pointer: '/NoteInput/properties/callback_url', line: 12, column: 5 }]);
  assert.deepEqual(byCheck('spec/sensitive-field-in-response').map((l) => `${l.file}:${l.line}:${l.column}`).sort(), ['models.yaml:7:5', 'vulnerable.yaml:71:19']);
  for (const f of run.findings) {
    assert.equal(f.engine, 'spec');
    assert.ok(f.location.kind === 'spec' && f.location.line! > 0 && f.location.column! > 0, f.checkId);
    assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
  }
  const ids = new Set(run.findings.map((f) => f.checkId));
  for (const id of ['spec/http-basic-auth', 'spec/credentials-in-url', 'spec/operation-without-security', 'spec/numeric-object-id', 'spec/privileged-field-writable', 'spec/additional-properties-allowed', 'spec/non-production-server', 'spec/pagination-missing']) {
    assert.ok(ids.has(id), `${id} did not fire`);
  }
});

test('x-rampart-ignore with a reason suppresses; without a reason it warns and does not', async () => {
  const run = runSpecAudit(await loadOpenApiFile(join(fx, 'vulnerable.yaml')), { now });
  const suppressed = run.findings.filter((f) => f.suppression);
  assert.deepEqual(suppressed.map((f) => f.checkId), ['spec/string-unbounded', 'spec/string-unbounded']);
  assert.equal(suppressed[0]!.suppression!.reason, 'display names are cut to 80 characters by the service');
  assert.match(suppressed[0]!.suppression!.source, /x-rampart-ignore at .*vulnerable\.yaml:53/);
  assert.ok(run.findings.some((f) => f.checkId === 'spec/pagination-missing' && !f.suppression && (f.location as SpecLocation).pointer === '/paths/~1admin~1users/get'));
  assert.deepEqual(run.notifications.map((n) => n.code), ['ignore-without-reason']);
  assert.equal(run.stats.suppressed, 2);
});

test('config: disabled checks, severities, options validation, public operations', async () => {
  const spec = await loadOpenApiFile(join(fx, 'vulnerable.yaml'));
  const run = runSpecAudit(spec, {
    now,
    settings: { 'spec/rate-limit-response-missing': { enabled: false }, 'spec/http-basic-auth': { severity: 'critical' } },
    publicOperations: ['POST /notes'],
  });
  assert.ok(!run.findings.some((f) => f.checkId === 'spec/rate-limit-response-missing'));
  assert.ok(!run.checks.some((c) => c.id === 'spec/rate-limit-response-missing'));
  assert.equal(run.findings.find((f) => f.checkId === 'spec/http-basic-auth')!.severity, 'critical');
  assert.ok(!run.findings.some((f) => f.checkId === 'spec/operation-without-security'));
  assert.throws(
    () => runSpecAudit(spec, { settings: { 'spec/http-basic-auth': { options: { nope: 1 } } } }),
    (e: unknown) => e instanceof ToolError && e.code === 'E_CONFIG_INVALID' && /spec\/http-basic-auth/.test(e.message),
  );
});

test('a check that throws becomes a notification; the others still run', async () => {
  const broken = defineSpecCheck({
    meta: { ...SPEC_CHECKS[0]!.meta, id: 'spec/broken-example' },
    category: 'structure',
    detect() {
      throw new Error('boom');
    },
  });
  const run = runSpecAudit(await loadOpenApiFile(join(fx, 'vulnerable.yaml')), { now, checks: [broken, ...SPEC_CHECKS] });
  assert.deepEqual(run.notifications.filter((n) => n.code === 'check-failed').map((n) => n.checkId), ['spec/broken-example']);
  assert.ok(run.findings.length > 20);
});

test('score: weights per severity, capped per rule, weighted mean of categories', () => {
  const f = (checkId: string, severity: 'high' | 'low', n: number) => Array.from({ length: n }, () => ({ checkId, severity }) as never);
  const cats: Record<string, 'authentication' | 'input-validation'> = { 'spec/a': 'authentication', 'spec/b': 'input-validation' };
  const s = computeScore([...f('spec/a', 'high', 1), ...f('spec/b', 'high', 1000)], (id) => cats[id]);
  const low = computeScore(f('spec/b', 'low', 1000), (id) => cats[id]);
  assert.equal(low.categories.find((c) => c.name === 'input-validation')!.score, Math.round(100 - 2 * (1 + Math.log2(1000))));
  const cat = (n: string) => s.categories.find((c) => c.name === n)!;
  assert.equal(cat('authentication').score, 85);
  assert.equal(cat('input-validation').score, 70, 'one noisy rule takes at most 30 points');
  assert.equal(cat('input-validation').findings, 1000);
  assert.equal(s.overall, Math.round((85 * 3 + 70 * 1 + 100 * 11) / 15));
  assert.deepEqual(s.worst, ['input-validation', 'authentication']);
});

test('selectors: the supported subset, and errors for the rest', () => {
  assert.deepEqual(parseSelector("$.paths[*][get,post].servers['x/y']"), [
    { kind: 'keys', keys: ['paths'] },
    { kind: 'any' },
    { kind: 'keys', keys: ['get', 'post'] },
    { kind: 'keys', keys: ['servers'] },
    { kind: 'keys', keys: ['x/y'] },
  ]);
  assert.throws(() => parseSelector('$..type'));
  assert.throws(() => parseSelector('paths'));
});
