// Compares what Spectral (OWASP ruleset) and rampart spec report for the concerns both check.
// Bundled by run.mjs; loads the document itself to explain the differences it finds.
import { resolve } from 'node:path';
import { escapePointer } from '../../src/core/yaml-source.js';
import type { Report } from '../../src/core/report.js';
import { buildSpecDoc } from '../../src/engines/spec/doc.js';
import { loadOpenApiFile } from '../../src/surface/openapi.js';

interface SpectralResult {
  code: string;
  path: (string | number)[];
  source?: string;
  message: string;
}

/** Spectral rule -> the rampart checks that cover the same concern, and how to match locations. */
const CONCERNS: Record<string, { checks: string[]; by: 'pointer' | 'operation' | 'scheme' }> = {
  'owasp:api1:2023-no-numeric-ids': { checks: ['spec/numeric-object-id'], by: 'pointer' },
  'owasp:api2:2023-no-http-basic': { checks: ['spec/http-basic-auth'], by: 'scheme' },
  'owasp:api2:2023-no-api-keys-in-url': { checks: ['spec/api-key-in-url'], by: 'scheme' },
  'owasp:api2:2023-no-credentials-in-url': { checks: ['spec/credentials-in-url'], by: 'pointer' },
  'owasp:api2:2023-auth-insecure-schemes': { checks: ['spec/insecure-auth-scheme'], by: 'scheme' },
  'owasp:api2:2023-jwt-best-practices': { checks: ['spec/jwt-validation-undocumented'], by: 'scheme' },
  'owasp:api2:2023-short-lived-access-tokens': { checks: ['spec/oauth-refresh-missing'], by: 'pointer' },
  'owasp:api2:2023-write-restricted': { checks: ['spec/operation-without-security', 'spec/optional-security'], by: 'operation' },
  'owasp:api2:2023-read-restricted': { checks: ['spec/operation-without-security', 'spec/optional-security'], by: 'operation' },
  'owasp:api3:2023-no-additionalProperties': { checks: ['spec/additional-properties-allowed', 'spec/map-unbounded'], by: 'pointer' },
  'owasp:api3:2023-no-unevaluatedProperties': { checks: ['spec/additional-properties-allowed', 'spec/map-unbounded'], by: 'pointer' },
  'owasp:api3:2023-constrained-additionalProperties': { checks: ['spec/map-unbounded'], by: 'pointer' },
  'owasp:api3:2023-constrained-unevaluatedProperties': { checks: ['spec/map-unbounded'], by: 'pointer' },
  'owasp:api4:2023-array-limit': { checks: ['spec/array-unbounded'], by: 'pointer' },
  'owasp:api4:2023-string-limit': { checks: ['spec/string-unbounded'], by: 'pointer' },
  'owasp:api4:2023-string-restricted': { checks: ['spec/string-unbounded'], by: 'pointer' },
  'owasp:api4:2023-integer-limit': { checks: ['spec/number-unbounded'], by: 'pointer' },
  'owasp:api4:2023-integer-limit-legacy': { checks: ['spec/number-unbounded'], by: 'pointer' },
  'owasp:api4:2023-integer-format': { checks: ['spec/number-unbounded'], by: 'pointer' },
  'owasp:api4:2023-rate-limit': { checks: ['spec/rate-limit-headers-missing'], by: 'operation' },
  'owasp:api4:2023-rate-limit-retry-after': { checks: ['spec/rate-limit-headers-missing'], by: 'operation' },
  'owasp:api4:2023-rate-limit-responses-429': { checks: ['spec/rate-limit-response-missing'], by: 'operation' },
  'owasp:api5:2023-admin-security-unique': { checks: ['spec/admin-shares-user-security'], by: 'operation' },
  'owasp:api7:2023-concerning-url-parameter': { checks: ['spec/ssrf-prone-parameter'], by: 'pointer' },
  'owasp:api8:2023-define-cors-origin': { checks: ['spec/cors-headers-undeclared'], by: 'operation' },
  'owasp:api8:2023-no-scheme-http': { checks: ['spec/plain-http-scheme'], by: 'pointer' },
  'owasp:api8:2023-no-server-http': { checks: ['spec/server-url-plain-http'], by: 'pointer' },
  'owasp:api8:2023-define-error-responses-401': { checks: ['spec/auth-error-responses-missing'], by: 'operation' },
};

const ptr = (path: (string | number)[]) => path.map((s) => `/${escapePointer(String(s))}`).join('');
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** `/paths/~1a/get/...` -> `/paths/~1a/get` (or the path item when no method follows). */
function opOf(p: string): string | undefined {
  const segs = p.split('/');
  if (segs[1] !== 'paths' || segs.length < 3) return undefined;
  return segs.length > 3 && METHODS.has(segs[3]!) ? segs.slice(0, 4).join('/') : segs.slice(0, 3).join('/');
}
/** `/components/securitySchemes/x/...` -> `/components/securitySchemes/x`. */
const schemeOf = (p: string) => p.split('/').slice(0, 4).join('/');

export async function compare(specFile: string, workDir: string, rampart: Report, spectral: SpectralResult[]): Promise<{ table: string; summary: Record<string, unknown> }> {
  const spec = await loadOpenApiFile(specFile);
  const doc = buildSpecDoc(spec);
  const requestSide = new Set<string>();
  doc.walkSchemas('request', (_n, info) => {
    if (info.place) requestSide.add(`${info.place.file}#${info.place.pointer}`);
  });
  const securedOps = new Set(doc.operations.filter((a) => a.op.security.length > 0 && !a.op.security.some((r) => Object.keys(r).length === 0)).map((a) => `${a.place.file}#${a.place.pointer}`));

  const ours = new Map<string, { exact: Set<string>; prefixes: Set<string>; ops: Set<string>; schemes: Set<string> }>();
  for (const f of rampart.runs.flatMap((r) => r.findings)) {
    if (f.location.kind !== 'spec') continue;
    const file = resolve(workDir, f.location.file);
    const key = f.suppression ? `${f.checkId}#suppressed` : f.checkId;
    const e = ours.get(key) ?? { exact: new Set(), prefixes: new Set(), ops: new Set(), schemes: new Set() };
    const p = `${file}#${f.location.pointer}`;
    e.exact.add(p);
    const segs = p.split('/');
    for (let i = 1; i <= segs.length; i++) e.prefixes.add(segs.slice(0, i).join('/'));
    const op = opOf(f.location.pointer);
    if (op) e.ops.add(`${file}#${op}`);
    e.schemes.add(`${file}#${schemeOf(f.location.pointer)}`);
    ours.set(key, e);
  }

  type Row = { spectral: number; covered: number; reasons: Map<string, number>; missed: string[] };
  const rows = new Map<string, Row>();
  const seen = new Set<string>();
  for (const r of spectral) {
    const concern = CONCERNS[r.code];
    if (!concern) continue;
    const file = resolve(r.source ?? specFile);
    const p = ptr(r.path);
    const k = `${r.code}#${file}#${p}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const row: Row = rows.get(r.code) ?? { spectral: 0, covered: 0, reasons: new Map<string, number>(), missed: [] };
    rows.set(r.code, row);
    row.spectral++;
    const matches = (id: string) => {
      const e = ours.get(id);
      if (!e) return false;
      if (concern.by === 'operation') {
        const op = opOf(p);
        return op !== undefined && (e.ops.has(`${file}#${op}`) || [...e.ops].some((o) => o.startsWith(`${file}#${op}/`)));
      }
      if (concern.by === 'scheme') return e.schemes.has(`${file}#${schemeOf(p)}`);
      const segs = p.split('/');
      for (let i = 1; i <= segs.length; i++) if (e.exact.has(`${file}#${segs.slice(0, i).join('/')}`)) return true;
      return e.prefixes.has(`${file}#${p}`);
    };
    const covered = concern.checks.some(matches);
    if (!covered && concern.checks.some((id) => matches(`${id}#suppressed`))) {
      row.reasons.set('suppressed in the document (x-rampart-ignore with a reason)', (row.reasons.get('suppressed in the document (x-rampart-ignore with a reason)') ?? 0) + 1);
      continue;
    }
    if (covered) {
      row.covered++;
      continue;
    }
    const reason = explain(r, file, p);
    row.reasons.set(reason, (row.reasons.get(reason) ?? 0) + 1);
    if (reason === 'not reported (a gap)' && row.missed.length < 5) row.missed.push(p);
  }

  function explain(r: SpectralResult, file: string, p: string): string {
    const value = spec.get(file, p);
    const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    const schemaPtr = p.replace(/\/(additionalProperties|unevaluatedProperties|maxProperties)$/, '');
    const inRequest = requestSide.has(`${file}#${schemaPtr}`) || requestSide.has(`${file}#${p}`);
    switch (r.code) {
      case 'owasp:api4:2023-string-limit':
      case 'owasp:api4:2023-string-restricted':
      case 'owasp:api4:2023-integer-limit':
      case 'owasp:api4:2023-integer-limit-legacy':
      case 'owasp:api4:2023-integer-format':
      case 'owasp:api4:2023-array-limit':
      case 'owasp:api3:2023-constrained-additionalProperties':
      case 'owasp:api3:2023-constrained-unevaluatedProperties': {
        if (!inRequest) return 'deliberate: not an input (response-only or unused schema)';
        const s = spec.get(file, schemaPtr) as Record<string, unknown> | undefined;
        if (s && (s.format !== undefined || s.pattern !== undefined) && /string/.test(r.code)) return 'deliberate: bounded by format or pattern';
        if (s && s.maxLength !== undefined && r.code.endsWith('string-restricted')) return 'deliberate: bounded by maxLength (no pattern needed)';
        if (s && s.minimum !== undefined && s.maximum !== undefined) return 'deliberate: bounded by minimum and maximum (format not required)';
        if (s && s.readOnly === true) return 'deliberate: readOnly (not an input)';
        return 'not reported (a gap)';
      }
      case 'owasp:api3:2023-no-additionalProperties':
      case 'owasp:api3:2023-no-unevaluatedProperties': {
        const s = spec.get(file, schemaPtr) as Record<string, unknown> | undefined;
        const ap = s?.additionalProperties ?? s?.unevaluatedProperties;
        if (ap !== null && typeof ap === 'object') return inRequest ? 'not reported (a gap)' : 'deliberate: a map in a response (maps are judged on inputs, by spec/map-unbounded)';
        return 'not reported (a gap)';
      }
      case 'owasp:api8:2023-define-error-responses-401': {
        const op = opOf(p);
        if (op && !securedOps.has(`${file}#${op}`)) return 'deliberate: operation needs no credentials';
        const resp = spec.get(file, op ? `${op}/responses` : p) as Record<string, unknown> | undefined;
        if (resp && (resp.default !== undefined || resp['4XX'] !== undefined)) return 'deliberate: default or 4XX response declared';
        return 'not reported (a gap)';
      }
      case 'owasp:api2:2023-jwt-best-practices':
        return v.type === 'oauth2' ? 'deliberate: OAuth 2.0 tokens need not be JWTs' : 'deliberate: validation rules stated without naming RFC 8725';
      case 'owasp:api2:2023-short-lived-access-tokens':
        return /clientCredentials/.test(p) ? 'deliberate: client credentials flow has no refresh tokens' : 'not reported (a gap)';
      case 'owasp:api2:2023-no-credentials-in-url':
        return 'deliberate: resource identifier or pagination token, not a credential';
      case 'owasp:api8:2023-define-cors-origin':
        return 'deliberate: reported once per operation that declares headers';
      case 'owasp:api2:2023-read-restricted':
      case 'owasp:api2:2023-write-restricted':
        return 'deliberate: anonymous by nature (sign-in, health) or marked public';
      default:
        return 'not reported (a gap)';
    }
  }

  let table = '| Spectral rule | Spectral findings | also reported by rampart | not reported by rampart, why |\n|---|---:|---:|---|\n';
  let total = 0;
  let covered = 0;
  let gaps = 0;
  for (const [code, row] of [...rows].sort()) {
    total += row.spectral;
    covered += row.covered;
    const why = [...row.reasons].map(([reason, n]) => `${n} ${reason}`).join('; ');
    gaps += row.reasons.get('not reported (a gap)') ?? 0;
    table += `| ${code} | ${row.spectral} | ${row.covered} | ${why || '-'}${row.missed.length ? ` (e.g. \`${row.missed[0]}\`)` : ''} |\n`;
  }
  table += `| **total** | **${total}** | **${covered}** | ${gaps} gaps |\n`;
  const ruleCodes = new Set(spectral.map((r) => r.code));
  const notCompared = [...ruleCodes].filter((c) => !CONCERNS[c]).sort();
  if (notCompared.length) table += `\nSpectral rules outside the concerns rampart checks (not compared): ${notCompared.map((c) => `\`${c}\``).join(', ')}.\n`;
  return { table, summary: { total, covered, gaps } };
}
