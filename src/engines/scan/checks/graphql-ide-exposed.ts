import { defineScanCheck } from '../define.js';
import type { HttpResponse } from '../define.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-ide-exposed',
  title: 'GraphQL IDE (GraphiQL, Playground, Altair, Voyager) is exposed',
  severity: 'low',
  confidence: 'high',
  domain: 'inventory',
  owasp: ['API8:2023'],
  cwe: ['CWE-200'],
  description:
    'Requests the usual GraphQL IDE paths (and the endpoint itself as a browser would) and reports pages that serve GraphiQL, GraphQL Playground, Altair, Voyager or the Apollo Sandbox: an in-browser console to explore and call the API.',
  remediation:
    'Serve GraphQL IDEs only in development builds (Apollo `ApolloServerPluginLandingPageDisabled` or the production landing page, `graphiql: false` in express-graphql and Yoga, remove the Playground and Altair middlewares).',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#introspection-graphiql',
    'https://cwe.mitre.org/data/definitions/200.html',
  ],
  messages: {
    exposed: '{ide} is served at {path}.',
  },
} as const;

export const IDE_PATHS: readonly string[] = ['/graphiql', '/playground', '/altair', '/voyager', '/graphql/playground', '/graphql/graphiql', '/api/graphiql', '/graphql-playground', '/explorer', '/graphql/console'];

const IDES: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'GraphQL Playground', re: /graphql-playground|GraphQLPlayground/i },
  { name: 'Altair GraphQL client', re: /altair-graphql|<title>\s*Altair\b|AltairGraphQL/i },
  { name: 'GraphQL Voyager', re: /graphql-voyager|GraphQLVoyager/i },
  { name: 'Apollo Sandbox', re: /embeddable-sandbox|EmbeddedSandbox|apollo-server-landing-page/i },
  { name: 'GraphiQL', re: /graphiql(\.min)?\.(js|css)|GraphiQL\.create|<title>\s*GraphiQL|id="graphiql"/i },
];

/** The IDE an HTML page serves, or undefined. Pure. */
export function ideOf(res: Pick<HttpResponse, 'status' | 'headers' | 'body'>): string | undefined {
  if (res.status !== 200 || !/text\/html/i.test(res.headers['content-type'] ?? '')) return undefined;
  return IDES.find((i) => i.re.test(res.body))?.name;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: IDE_PATHS.length * 2 + 3, writes: false }),
  async run(ctx, report) {
    const origin = new URL(ctx.target).origin;
    const get = (path: string) => ctx.send({ method: 'GET', url: `${origin}${path}`, headers: { accept: 'text/html,application/xhtml+xml' }, identity: 'anonymous', maxBytes: 256 * 1024 });
    // A server that answers every path with the same page is not serving an IDE there.
    const control = await get(`/rampart-no-such-page-${Math.floor(ctx.random() * 1e9).toString(36)}`);
    if (ideOf(control)) return;
    const t = await graphqlTarget(ctx);
    const paths = [...(t ? [t.endpoint.path] : []), ...IDE_PATHS.filter((p) => p !== t?.endpoint.path)];
    const seen = new Set<string>();
    for (const path of paths) {
      const res = await get(path);
      const ide = ideOf(res);
      if (!ide || seen.has(`${ide}`)) continue;
      seen.add(ide);
      report({ messageId: 'exposed', data: { ide, path }, method: 'GET', path, exchanges: [{ response: res, label: 'IDE page' }], key: path });
    }
  },
});
