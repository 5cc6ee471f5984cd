import { defineScanCheck } from '../define.js';
import { errorMessages, gql } from '../graphql/client.js';
import type { GqlExchange } from '../graphql/client.js';
import { rootFields } from '../graphql/schema.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-field-suggestions',
  title: 'GraphQL field suggestions reveal the schema',
  severity: 'low',
  confidence: 'high',
  domain: 'inventory',
  owasp: ['API8:2023'],
  cwe: ['CWE-200'],
  description:
    'Sends a document with misspelt field names (one that cannot execute) and reports a server whose validation errors answer "Did you mean ...?": with a word list, suggestions give the schema back even when introspection is off.',
  remediation:
    'Mask suggestions in production error messages: Apollo Server 4 `hideSchemaDetailsFromClientErrors`, GraphQL Armor `blockFieldSuggestions`, or an error formatter that drops the "Did you mean" part of validation errors.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#introspection-graphiql',
    'https://escape.tech/graphql-armor/docs/plugins/block-field-suggestions/',
    'https://cwe.mitre.org/data/definitions/200.html',
  ],
  messages: {
    suggests: 'The GraphQL endpoint {path} suggests real field names for misspelt ones ({example}); the schema can be recovered without introspection.',
  },
} as const;

const DID_YOU_MEAN = /Did you mean "?\w+/;

/** Misspellings of known field names (or of common ones when the schema is unknown). Pure. */
export function typos(names: readonly string[]): string[] {
  const base = names.length > 0 ? names : ['user', 'users', 'product', 'products', 'order', 'orders', 'account', 'viewer', 'node', 'login'];
  return base.filter((n) => n.length >= 3 && !n.startsWith('__')).slice(0, 12).map((n) => `${n.slice(0, -1)}${n.endsWith('z') ? 'q' : 'z'}`);
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 52, writes: false }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t) return;
    let ex: GqlExchange | undefined = t.suggestionEvidence;
    if (!ex) {
      const known = t.schema ? rootFields(t.schema, 'query').map((f) => f.name) : [];
      // `__rampartNoSuchField` keeps the document from ever executing.
      const probe = await gql(ctx, t.endpoint, `query { __rampartNoSuchField ${typos(known).join(' ')} }`);
      if (errorMessages(probe).some((m) => DID_YOU_MEAN.test(m))) ex = probe;
    }
    if (!ex) return;
    const example = errorMessages(ex).find((m) => DID_YOU_MEAN.test(m)) ?? '';
    report({
      messageId: 'suggests',
      data: { path: t.endpoint.path, example: example.length > 160 ? `${example.slice(0, 157)}...` : example },
      method: 'POST',
      path: t.endpoint.path,
      url: t.endpoint.url,
      exchanges: [{ response: ex.response, label: 'misspelt fields' }],
      key: t.endpoint.path,
    });
  },
});
