import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import type { IdentityInfo } from '../define.js';
import { PERSONAL_FIELD, isSuccess, parseJson } from '../evaluate.js';

const meta = {
  id: 'scan/other-users-data',
  title: 'Response to one user contains another user\'s personal data',
  severity: 'high',
  confidence: 'high',
  domain: 'data-exposure',
  owasp: ['API3:2023', 'API1:2023'],
  cwe: ['CWE-359'],
  description:
    'With two or more non-admin identities configured, reports responses to one user that contain the account of another (matched by the other identity\'s login name) together with personal fields such as e-mail or phone.',
  remediation: 'Filter every query by the caller (owner id from the session, not from the request) and return only the fields the caller may see.',
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/'],
  messages: {
    leaked: 'The response to {viewer} contains personal data of {other} ({fields}).',
  },
} as const;

/** The personal fields of records in `json` that belong to `principal`. Pure. */
export function personalFieldsOf(json: unknown, principal: string): string[] {
  const fields = new Set<string>();
  const p = principal.toLowerCase();
  const seen = new Set<unknown>();
  const walk = (x: unknown, depth: number) => {
    if (depth > 10 || x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (const v of x.slice(0, 500)) walk(v, depth + 1);
      return;
    }
    const rec = x as Record<string, unknown>;
    const values = Object.values(rec).filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
    const isTheirs = values.some((v) => v === p || v.split('@')[0] === p);
    if (isTheirs) for (const [k, v] of Object.entries(rec)) if (PERSONAL_FIELD.test(k) && typeof v === 'string' && v.trim() && v.toLowerCase() !== p) fields.add(k);
    for (const v of Object.values(rec)) walk(v, depth + 1);
  };
  walk(json, 0);
  return [...fields].sort();
}

const isAdmin = (i: IdentityInfo) => /admin|root|superuser|staff/i.test(`${i.role ?? ''} ${i.name}`);

export default defineScanCheck({
  meta,
  scope: 'operation',
  appliesTo: (op) => op.method === 'GET',
  plan: () => ({ requests: 0, writes: false }),
  async run(op, ctx, report) {
    const users = ctx.identities.filter((i) => i.authenticated && i.username && !isAdmin(i));
    if (users.length < 2) return;
    for (const viewer of users) {
      const res: HttpResponse | undefined = await ctx.baseline(op, viewer.name);
      if (!res || !isSuccess(res)) continue;
      const json = parseJson(res.body);
      if (json === undefined) continue;
      for (const other of users) {
        if (other === viewer) continue;
        const fields = personalFieldsOf(json, other.username!);
        if (fields.length === 0) continue;
        report({
          messageId: 'leaked',
          data: { viewer: viewer.name, other: other.name, fields: fields.join(', ') },
          key: `${viewer.name}>${other.name}`,
          facts: { viewer: viewer.name, other: other.name, fields },
          exchanges: [{ response: res, label: `baseline as ${viewer.name}` }],
        });
        return;
      }
    }
  },
});
