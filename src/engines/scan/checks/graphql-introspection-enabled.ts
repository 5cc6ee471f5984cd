import { defineScanCheck } from '../define.js';
import { graphqlTarget } from '../graphql/target.js';
import { objectTypes, rootFields } from '../graphql/schema.js';

const meta = {
  id: 'scan/graphql-introspection-enabled',
  title: 'GraphQL introspection is enabled',
  severity: 'medium',
  confidence: 'high',
  domain: 'inventory',
  owasp: ['API8:2023'],
  cwe: ['CWE-200'],
  description:
    'Finds the GraphQL endpoint (common paths, content-type probing) and sends the standard introspection query; a complete schema in the answer is a finding that lists how many types, queries and mutations anyone can read.',
  remediation:
    'Disable introspection in production (Apollo `introspection: false`, graphql-js `NoSchemaIntrospectionCustomRule`, GraphQL Yoga `useDisableIntrospection`, Hasura role permissions) or allow it only to authenticated developers; publish the schema to the clients that need it instead.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#introspection-graphiql',
    'https://graphql.org/learn/introspection/',
    'https://cwe.mitre.org/data/definitions/200.html',
  ],
  messages: {
    enabled: 'The GraphQL endpoint {path} answers the introspection query: {types} types, {queries} queries and {mutations} mutations are readable by {who}.',
  },
} as const;

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 50, writes: false }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t?.introspection || !t.schema) return;
    const s = t.schema;
    report({
      messageId: 'enabled',
      data: { path: t.endpoint.path, types: objectTypes(s).length, queries: rootFields(s, 'query').length, mutations: rootFields(s, 'mutation').length, who: t.introspectionIdentity === 'anonymous' || !t.introspectionIdentity ? 'an anonymous caller' : `the signed-in identity ${t.introspectionIdentity}` },
      method: 'POST',
      path: t.endpoint.path,
      url: t.endpoint.url,
      ...(t.introspectionIdentity && t.introspectionIdentity !== 'anonymous' ? { severity: 'low' as const } : {}),
      exchanges: [{ response: t.introspection.response, label: 'introspection query' }],
      facts: { ...(t.endpoint.engine ? { engine: t.endpoint.engine } : {}), queryType: s.queryType, ...(s.mutationType ? { mutationType: s.mutationType } : {}) },
      key: t.endpoint.path,
    });
  },
});
