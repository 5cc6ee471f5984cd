import { defineScanCheck } from '../define.js';
import { dataField, gql, gqlSend } from '../graphql/client.js';
import type { GqlExchange } from '../graphql/client.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-csrf',
  title: 'GraphQL operations accepted in requests a browser sends cross-site without a preflight',
  severity: 'medium',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-352'],
  description:
    'Sends harmless operations (`{ __typename }`, and `mutation { __typename }`, which runs no resolver) the ways a foreign page can without a CORS preflight: over GET, and as POST bodies of type application/x-www-form-urlencoded and text/plain. A server that executes them lets any web page act with the victim\'s cookies.',
  remediation:
    'Accept GraphQL only as POST with `Content-Type: application/json` (or require a custom header such as `apollo-require-preflight`), refuse mutations over GET, and use SameSite cookies or tokens in an Authorization header. Apollo Server 4 does this with `csrfPrevention: true`.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html',
    'https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf',
    'https://cwe.mitre.org/data/definitions/352.html',
  ],
  messages: {
    getMutation: 'The GraphQL endpoint {path} executes mutations sent over GET: a link or an image on any site can trigger them.',
    getQuery: 'The GraphQL endpoint {path} executes queries sent over GET (no preflight, cacheable, logged with their arguments).',
    simpleBody: 'The GraphQL endpoint {path} executes {operation}s sent as {contentType}, a content type a foreign page can POST without a preflight.',
  },
} as const;

/** The document ran: `data.<alias>` is the expected root type name (a canned answer has no such alias). */
function ran(ex: GqlExchange, alias: string, typename: string | undefined): boolean {
  const t = dataField(ex.result, alias);
  return typeof t === 'string' && (typename === undefined || t === typename);
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 56, writes: false }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t) return;
    const ep = t.endpoint;
    const alias = `rampart${Math.floor(ctx.random() * 36 ** 6).toString(36)}`;
    const where = { path: ep.path, url: ep.url };
    // The mutation root's name, if there is one (`mutation { __typename }` runs no resolver).
    const mutEx = await gql(ctx, ep, 'mutation { __typename }');
    const mutType = t.schema?.mutationType ?? (dataField(mutEx.result, '__typename') as string | undefined);
    const getUrl = (q: string) => {
      const u = new URL(ep.url);
      u.searchParams.set('query', q);
      return u.href;
    };
    const getQ = await gqlSend(ctx, { method: 'GET', url: getUrl(`query { ${alias}: __typename }`) });
    if (ran(getQ, alias, ep.queryType)) {
      let reported = false;
      if (mutType) {
        const getM = await gqlSend(ctx, { method: 'GET', url: getUrl(`mutation { ${alias}: __typename }`) });
        if (ran(getM, alias, mutType)) {
          reported = true;
          report({ messageId: 'getMutation', data: { path: ep.path }, method: 'GET', ...where, exchanges: [{ response: getM.response, label: 'mutation over GET' }], key: 'get-mutation' });
        }
      }
      if (!reported) report({ messageId: 'getQuery', data: { path: ep.path }, method: 'GET', ...where, severity: 'low', exchanges: [{ response: getQ.response, label: 'query over GET' }], key: 'get-query' });
    }
    const operation = mutType ? 'mutation' : 'query';
    const doc = `${operation} { ${alias}: __typename }`;
    const expected = mutType ?? ep.queryType;
    const bodies: { contentType: string; body: string }[] = [
      { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ query: doc }).toString() },
      { contentType: 'text/plain', body: JSON.stringify({ query: doc }) },
      { contentType: 'multipart/form-data', body: `--rampartcsrf\r\nContent-Disposition: form-data; name="query"\r\n\r\n${doc}\r\n--rampartcsrf--\r\n` },
    ];
    for (const b of bodies) {
      const ex = await gqlSend(ctx, { method: 'POST', url: ep.url, headers: { 'content-type': b.contentType === 'multipart/form-data' ? 'multipart/form-data; boundary=rampartcsrf' : b.contentType }, body: b.body });
      if (!ran(ex, alias, expected)) continue;
      report({ messageId: 'simpleBody', data: { path: ep.path, operation, contentType: b.contentType }, method: 'POST', ...where, exchanges: [{ response: ex.response, label: `${operation} as ${b.contentType}` }], key: b.contentType });
    }
  },
});
