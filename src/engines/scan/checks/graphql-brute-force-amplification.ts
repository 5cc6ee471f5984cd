import { defineScanCheck } from '../define.js';
import type { GqlExchange, GqlResult } from '../graphql/client.js';
import { gql, gqlPostRaw } from '../graphql/client.js';
import { documents, verdictOf } from '../graphql/limits.js';
import { literalFor, selectionFor, str } from '../graphql/query.js';
import type { GqlField, GqlSchema } from '../graphql/schema.js';
import { isRequired, namedType, rootFields } from '../graphql/schema.js';
import { boundedSearch } from '../graphql/search.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-brute-force-amplification',
  title: 'Many login or one-time-code attempts fit in one GraphQL request',
  severity: 'high',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023', 'API4:2023'],
  cwe: ['CWE-307'],
  description:
    'Finds login, password and one-time-code operations in the schema, measures with harmless `__typename` probes how many aliases and array-batch entries one request may carry, then proves the amplification with one request of several attempts against an account that does not exist: each attempt answered separately means rate limits counted per HTTP request see one try where there were many.',
  remediation:
    'Count attempts per operation, not per HTTP request: allow a credential or code-checking field once per document (reject aliases of it), disable array batching or apply rate limits inside the resolver, and cap aliases and batch size globally (GraphQL Armor `maxAliases`).',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#batching-attacks',
    'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
    'https://cwe.mitre.org/data/definitions/307.html',
  ],
  messages: {
    aliases: '{count} {field} attempts ran in one request to {path} as aliases (the endpoint accepts {capacity} aliases per request).',
    batch: '{count} {field} attempts ran in one request to {path} as an array batch (the endpoint executes batches of {capacity}).',
  },
} as const;

const CREDENTIAL_FIELD = /(^|[a-z_])(login|log_?in|sign_?in|authenticate|auth|token|verify_?(otp|code|totp|mfa|2fa|pin|password)|otp|totp|mfa|2fa|two_?factor|check_?(password|code|pin)|reset_?password|redeem|verify)/i;

/** Root fields that check a credential or a code: string arguments, credential-like names. Pure. */
export function credentialFields(schema: GqlSchema): { field: GqlField; root: 'query' | 'mutation' }[] {
  const out: { field: GqlField; root: 'query' | 'mutation' }[] = [];
  for (const root of ['mutation', 'query'] as const) {
    for (const f of rootFields(schema, root)) {
      const n = f.name.replace(/([a-z])([A-Z])/g, '$1_$2');
      if (!CREDENTIAL_FIELD.test(n)) continue;
      if (!f.args.some((a) => /password|passwd|pass|code|otp|pin|token|secret/i.test(a.name))) continue;
      if (!f.args.every((a) => !isRequired(a.type) || ['String', 'ID', 'Int'].includes(namedType(a.type)) || /input/i.test(namedType(a.type)))) continue;
      out.push({ field: f, root });
    }
  }
  return out;
}

/** One attempt's call: a random account that does not exist and a wrong secret. Pure. */
export function attemptCall(schema: GqlSchema, f: GqlField, alias: string, account: string, secret: string): string {
  const args = f.args
    .filter((a) => isRequired(a.type) || /user|email|login|name|password|pass|code|otp|pin/i.test(a.name))
    .map((a) => {
      const t = namedType(a.type);
      if (/password|pass|secret|code|otp|pin|token/i.test(a.name)) return `${a.name}: ${t === 'Int' ? '0' : str(secret)}`;
      if (/user|email|login|name|account|phone/i.test(a.name)) return `${a.name}: ${str(/email/i.test(a.name) ? `${account}@invalid.example` : account)}`;
      return `${a.name}: ${literalFor(schema, a.type, { text: account })}`;
    });
  const sel = selectionFor(schema, namedType(f.type), 0);
  return `${alias}: ${f.name}${args.length ? `(${args.join(', ')})` : ''}${sel ? ` ${sel}` : ''}`;
}

/** How many of the aliases `t0..tn-1` were answered individually. Pure. */
export function answeredAliases(r: GqlResult | undefined, n: number): number {
  if (!r?.data || typeof r.data !== 'object') return 0;
  const d = r.data as Record<string, unknown>;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const k = `t${i}`;
    if (k in d && (d[k] !== null || r.errors.some((e) => e.path?.[0] === k))) count++;
  }
  return count;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  // Failed logins can trip per-client lockouts: run after the other checks, alone.
  exclusive: 'last',
  plan: () => ({ requests: 90, writes: true }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t?.schema) return;
    const targets = credentialFields(t.schema).slice(0, 3);
    if (targets.length === 0) return;
    const attempts = typeof ctx.options.attempts === 'number' ? Math.max(2, Math.min(50, ctx.options.attempts)) : 10;
    const minReported = typeof ctx.options.minAttempts === 'number' ? ctx.options.minAttempts : 5;
    const deadline = ctx.now() + 20_000;
    // Harmless capacity first: how many aliases and batch entries of `__typename` are accepted.
    const aliasCap = await boundedSearch(async (n) => verdictOf(await gql(ctx, t.endpoint, documents.aliases(n)), undefined, `a${n - 1}`), { min: 2, max: 200, maxProbes: 10, deadline, now: () => ctx.now() });
    const batchCap = await boundedSearch(async (n) => verdictOf(await gqlPostRaw(ctx, t.endpoint.url, documents.batch(n)), n, 'rampart'), { min: 2, max: 100, maxProbes: 9, deadline, now: () => ctx.now() });
    const account = `rampart-nobody-${Math.floor(ctx.random() * 36 ** 6).toString(36)}`;
    for (const { field, root } of targets) {
      const secret = () => `rampart-${Math.floor(ctx.random() * 36 ** 6).toString(36)}`;
      const k = Math.min(attempts, aliasCap.accepted);
      if (k >= minReported) {
        const doc = `${root} { ${Array.from({ length: k }, (_, i) => attemptCall(t.schema!, field, `t${i}`, account, secret())).join(' ')} }`;
        const ex = await gql(ctx, t.endpoint, doc, { identity: 'anonymous' });
        const n = answeredAliases(ex.result, k);
        if (n >= minReported) {
          report({
            messageId: 'aliases',
            data: { count: n, field: field.name, path: t.endpoint.path, capacity: aliasCap.unbounded ? `at least ${aliasCap.accepted}` : String(aliasCap.accepted) },
            method: 'POST', path: t.endpoint.path, url: t.endpoint.url,
            exchanges: [{ response: ex.response, label: `${n} attempts in one request` }],
            facts: { field: field.name, attemptsProven: n, aliasCapacity: aliasCap.accepted, account },
            key: `${field.name}:aliases`,
          });
        }
      }
      const b = Math.min(attempts, batchCap.accepted);
      if (b >= minReported) {
        const batch = Array.from({ length: b }, () => ({ query: `${root} { ${attemptCall(t.schema!, field, 't0', account, secret())} }` }));
        const ex: GqlExchange = await gqlPostRaw(ctx, t.endpoint.url, batch, { identity: 'anonymous' });
        const n = (ex.batch ?? []).filter((r) => answeredAliases(r, 1) === 1).length;
        if (n >= minReported) {
          report({
            messageId: 'batch',
            data: { count: n, field: field.name, path: t.endpoint.path, capacity: batchCap.unbounded ? `at least ${batchCap.accepted}` : String(batchCap.accepted) },
            method: 'POST', path: t.endpoint.path, url: t.endpoint.url,
            exchanges: [{ response: ex.response, label: `${n} attempts in one batch` }],
            facts: { field: field.name, attemptsProven: n, batchCapacity: batchCap.accepted, account },
            key: `${field.name}:batch`,
          });
        }
      }
    }
  },
});
