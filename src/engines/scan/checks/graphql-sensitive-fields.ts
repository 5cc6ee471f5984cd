import { defineScanCheck } from '../define.js';
import type { GqlSchema } from '../graphql/schema.js';
import { objectTypes, sensitiveKind } from '../graphql/schema.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-sensitive-fields',
  title: 'GraphQL schema exposes sensitive fields',
  severity: 'low',
  confidence: 'medium',
  domain: 'inventory',
  owasp: ['API3:2023'],
  cwe: ['CWE-213'],
  description:
    'Lists the fields of the GraphQL schema (from introspection, the SDL given in the options, or recovered from suggestions) whose names say they hold passwords, tokens, secrets, social security numbers or card data: an inventory of what a client can ask for, to confirm each is needed and protected.',
  remediation:
    'Remove secrets (password hashes, API tokens, TOTP seeds) from the GraphQL types altogether; put personal data (SSN, card numbers) behind field-level authorization and return masked values.',
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
    'https://cwe.mitre.org/data/definitions/213.html',
  ],
  messages: {
    fields: 'The GraphQL schema at {path} has {count} sensitive fields: {list}.',
  },
} as const;

/** `Type.field (kind)` for every sensitive field. Pure. */
export function sensitiveFields(schema: GqlSchema): { type: string; field: string; kind: string }[] {
  const out: { type: string; field: string; kind: string }[] = [];
  for (const t of objectTypes(schema)) {
    if (t.name === schema.mutationType) continue;
    for (const f of t.fields) {
      const kind = sensitiveKind(f.name);
      if (kind) out.push({ type: t.name, field: f.name, kind });
    }
  }
  return out;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 50, writes: false }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t?.schema) return;
    const found = sensitiveFields(t.schema);
    if (found.length === 0) return;
    const list = found.slice(0, 20).map((f) => `${f.type}.${f.field} (${f.kind})`);
    report({
      messageId: 'fields',
      data: { path: t.endpoint.path, count: found.length, list: `${list.join(', ')}${found.length > 20 ? ', ...' : ''}` },
      method: 'POST',
      path: t.endpoint.path,
      url: t.endpoint.url,
      ...(t.introspection ? { exchanges: [{ response: t.introspection.response, label: 'introspection' }] } : {}),
      facts: { schemaSource: t.schema.source, fields: found.map((f) => `${f.type}.${f.field}`) },
      key: t.endpoint.path,
    });
  },
});
