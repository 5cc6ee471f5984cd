// Shared tester for log checks (the STYLE.md test table): each case is a list of requests rendered
// as combined log lines, run through the analyser with only the check under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../core/finding.js';
import type { AnalyzerOptions } from './engine.js';
import { LogAnalyzer } from './engine.js';
import { CredentialHasher, credentialValue } from './identity.js';
import type { LogCheck } from './define.js';
import { renderCombined, renderJson } from './generator/index.js';
import type { GenRequest } from './generator/index.js';

export const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
export const HOUR = 3_600_000;
export const MIN = 60_000;

/** A request with defaults: a browser GET of `/api/items` from 81.2.3.4 at T0. */
export function rq(p: Partial<GenRequest> & { t?: number }): GenRequest {
  return { t: T0, ip: '81.2.3.4', ua: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0', method: 'GET', path: '/api/items', status: 200, bytes: 100, latency: 5, user: '', credential: '', body: '', ...p };
}

/** `n` requests built by `f(i)`. */
export function times(n: number, f: (i: number) => GenRequest): GenRequest[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** A login attempt for `account` (logged as remote user). */
export function login(account: string, ok: boolean, p: Partial<GenRequest> = {}): GenRequest {
  return rq({ method: 'POST', path: '/api/login', status: ok ? 200 : 401, user: account, ...p });
}

/** A token's ordinary use over `hours` from one context: the baseline a token check needs. */
export function baseline(credential: string, p: Partial<GenRequest> = {}, hours = 26, perHour = 2): GenRequest[] {
  const out: GenRequest[] = [];
  for (let h = 0; h < hours; h++) for (let k = 0; k < perHour; k++) out.push(rq({ t: T0 + h * HOUR + k * 7 * MIN, credential, path: `/api/orders/${100 + k}`, ...p }));
  return out;
}

export interface LogCase {
  readonly name: string;
  readonly requests: readonly GenRequest[];
  /** Check options over the defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly analyzer?: Partial<AnalyzerOptions>;
  readonly format?: 'combined' | 'json';
}

export interface InvalidCase extends LogCase {
  readonly expect: readonly { readonly messageId?: string; readonly principal?: string }[];
}

/** Analyse requests with one check; the findings. */
export function runCheck(check: LogCheck<any>, c: LogCase): Finding[] {
  const a = new LogAnalyzer({
    checks: [check],
    checkOptions: { [check.meta.id]: c.options ?? {} },
    hashKey: Buffer.from('test-key'),
    warmupHours: 24,
    baselineHours: 24,
    ...c.analyzer,
  });
  a.beginFile('access.log');
  const render = c.format === 'json' ? renderJson : renderCombined;
  const sorted = [...c.requests].sort((x, y) => x.t - y.t);
  sorted.forEach((r, i) => a.line(render(r), i + 1));
  return a.finish().findings;
}

function messageIdOf(check: LogCheck<any>, f: Finding): string {
  for (const [id, tpl] of Object.entries(check.meta.messages)) {
    const re = new RegExp(`^${tpl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '[\\s\\S]*')}$`);
    if (re.test(f.message)) return id;
  }
  return '?';
}

/** Run a check's table: silent on every valid case, exactly the expected incidents on invalid ones. */
export function testLogCheck(check: LogCheck<any>, cases: { valid: readonly LogCase[]; invalid: readonly InvalidCase[] }): void {
  const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
  assert.equal(new Set(names).size, names.length, `${check.meta.id}: duplicate case names`);
  assert.ok(cases.valid.length > 0 && cases.invalid.length > 0, `${check.meta.id}: needs valid and invalid cases`);
  for (const c of cases.valid) {
    test(`${check.meta.id} valid: ${c.name}`, () => {
      const got = runCheck(check, c);
      assert.deepEqual(got.map((f) => f.message), []);
    });
  }
  for (const c of cases.invalid) {
    test(`${check.meta.id} invalid: ${c.name}`, () => {
      const got = runCheck(check, c);
      assert.equal(got.length, c.expect.length, `findings: ${got.map((f) => f.message).join(' | ')}`);
      c.expect.forEach((want, i) => {
        const f = got[i]!;
        assert.equal(f.checkId, check.meta.id);
        assert.equal(f.domain, 'abuse');
        assert.equal(f.location.kind, 'log');
        if (want.messageId) assert.equal(messageIdOf(check, f), want.messageId, f.message);
        if (want.principal) assert.equal((f.evidence?.data as { principal?: string }).principal, want.principal);
        for (const l of f.evidence?.lines ?? []) assert.doesNotMatch(l, /Bearer [A-Za-z0-9_]{12,}/, 'sample line leaks a token');
      });
    });
  }
}

/** The token id the tester's analyser gives a credential (`Bearer x` or raw). */
export function tokenIdOf(credential: string): string {
  return new CredentialHasher(Buffer.from('test-key')).idOf(credentialValue(credential));
}
