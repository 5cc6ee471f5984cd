import type { HttpResponse } from '../../../http/types.js';
import { maskSecret } from '../../../core/mask.js';
import { looksLikeSpec } from '../../../surface/discover.js';
import { defineScanCheck } from '../define.js';
import { findSensitive, isSuccess, parseJson } from '../evaluate.js';
import type { SensitiveHit, SensitiveKind } from '../evaluate.js';

const meta = {
  id: 'scan/sensitive-data-in-response',
  title: 'Sensitive data in API response',
  severity: 'high',
  confidence: 'medium',
  domain: 'data-exposure',
  owasp: ['API3:2023'],
  cwe: ['CWE-213'],
  description:
    'Looks through JSON responses for data that should never leave the server, by field name and by value: password hashes and passwords, secrets and API keys, private keys, payment card numbers (Luhn-checked), national ids and internal network addresses.',
  remediation: 'Serialize responses through explicit response models (allow-lists of fields) instead of returning database rows or internal objects.',
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
    'https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html',
  ],
  messages: {
    exposed: 'The response of {method} {path} contains {what} in {field} (recognized by {by}).',
  },
} as const;

const LABEL: Record<SensitiveKind, string> = {
  'password-hash': 'a password hash',
  password: 'a password',
  secret: 'a secret',
  'private-key': 'a private key',
  'card-number': 'a payment card number',
  'national-id': 'a national id number',
  'internal-address': 'an internal network address',
  'cloud-key': 'a cloud access key',
};

const SEVERITY: Record<SensitiveKind, 'critical' | 'high' | 'medium' | 'low'> = {
  'password-hash': 'high',
  password: 'high',
  secret: 'high',
  'private-key': 'critical',
  'card-number': 'high',
  'national-id': 'high',
  'internal-address': 'low',
  'cloud-key': 'high',
};

/** One hit per kind from a response (the first), in order of severity. Pure. */
export function sensitiveHits(res: Pick<HttpResponse, 'status' | 'body'>): SensitiveHit[] {
  if (!isSuccess(res)) return [];
  const json = parseJson(res.body);
  if (json === undefined || looksLikeSpec(res.body)) return [];
  const byKind = new Map<SensitiveKind, SensitiveHit>();
  for (const h of findSensitive(json)) {
    // sample values in documentation (`example`, `examples`) are not data
    if (/\.(?:examples?|x-examples?)(?:\.|\[|$)/.test(h.path)) continue;
    if (!byKind.has(h.kind)) byKind.set(h.kind, h);
  }
  return [...byKind.values()];
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  plan: () => ({ requests: 0, writes: false }),
  async run(op, ctx, report) {
    const reported = new Set<SensitiveKind>();
    for (const who of [...new Set([ctx.identity, 'anonymous'])]) {
      const res = await ctx.baseline(op, who);
      if (!res) continue;
      for (const h of sensitiveHits(res)) {
        if (reported.has(h.kind)) continue;
        reported.add(h.kind);
        report({
          messageId: 'exposed',
          data: { method: op.method, path: op.path, what: LABEL[h.kind], field: h.path, by: h.by },
          severity: SEVERITY[h.kind],
          confidence: h.by === 'field name' ? 'medium' : 'high',
          key: h.kind,
          facts: { kind: h.kind, field: h.path, value: maskSecret(h.value), identity: who },
          exchanges: [{ response: res, label: `baseline as ${who}` }],
        });
      }
    }
  },
});
