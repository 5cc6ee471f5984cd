import { defineScanCheck } from '../define.js';
import { gql } from '../graphql/client.js';
import type { GqlExchange, GqlResult } from '../graphql/client.js';
import { argsFor } from '../graphql/query.js';
import { isLeafType, isRequired, namedType, rootFields } from '../graphql/schema.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-debug-information',
  title: 'GraphQL answers carry tracing, debug data or stack traces',
  severity: 'low',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-209', 'CWE-215'],
  description:
    'Reads the GraphQL answers to a plain query, a malformed document and a query that makes resolvers fail, and reports tracing or debug extensions (resolver timings, SQL, cache hints) and stack traces in errors.',
  remediation:
    'Turn off debug mode and tracing in production (Apollo `includeStacktraceInErrorResponses: false` and no `apollo-tracing`, `debug: false` in graphql-php, `DEBUG = False` in Graphene), and format errors so that only a message and a code reach the client; log the details on the server.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#dont-return-excessive-errors',
    'https://cwe.mitre.org/data/definitions/209.html',
    'https://cwe.mitre.org/data/definitions/215.html',
  ],
  messages: {
    tracing: 'The GraphQL endpoint {path} returns the {extension} extension with every answer (execution details for anyone).',
    stackTrace: 'GraphQL errors from {path} carry a stack trace ({sample}).',
  },
} as const;

const DEBUG_EXTENSIONS = /^(tracing|debug|sql|sqlQueries|queries|queryPlan|exception|stacktrace|profiling|profiler|timings|cacheControl|__debug|debugInfo)$/i;
const STACK = /\bat [\w$.<>[\] ]+ \(?[^()\s]+:\d+:\d+\)?|Traceback \(most recent call last\)|File "[^"]+", line \d+|\.java:\d+\)|\.(cs|go|rb|php|py):\d+/;

/** Debug-like extension names in an answer. Pure. */
export function debugExtensions(r: GqlResult | undefined): string[] {
  return Object.keys(r?.extensions ?? {}).filter((k) => DEBUG_EXTENSIONS.test(k));
}

/** A stack-trace line in an answer's errors, or undefined. Pure. */
export function stackSample(r: GqlResult | undefined): string | undefined {
  for (const e of r?.errors ?? []) {
    const text = `${e.message}\n${JSON.stringify(e.extensions ?? {})}`;
    const m = STACK.exec(text);
    if (m) return m[0].slice(0, 120);
  }
  return undefined;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 56, writes: false }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t) return;
    const probes: GqlExchange[] = [];
    if (t.fingerprint) probes.push(t.fingerprint);
    probes.push(await gql(ctx, t.endpoint, 'query { __typename }'));
    probes.push(await gql(ctx, t.endpoint, 'query ($n: Int!) { __typename }', { variables: { n: 'rampart' } }));
    // Resolvers that fail: root fields taking an identifier, called with one that does not exist.
    const failing = (t.schema ? rootFields(t.schema, 'query') : []).filter((f) => f.args.some((a) => isRequired(a.type))).slice(0, 3);
    for (const f of failing) {
      const sel = isLeafType(t.schema!, namedType(f.type)) ? '' : ' { __typename }';
      probes.push(await gql(ctx, t.endpoint, `query { ${f.name}${argsFor(t.schema!, f, { text: 'rampart-missing-0' })}${sel} }`));
    }
    let tracingDone = false;
    let stackDone = false;
    for (const ex of probes) {
      const ext = debugExtensions(ex.result);
      if (!tracingDone && ext.length > 0) {
        tracingDone = true;
        report({ messageId: 'tracing', data: { path: t.endpoint.path, extension: ext.join(', ') }, method: 'POST', path: t.endpoint.path, url: t.endpoint.url, exchanges: [{ response: ex.response, label: 'answer with debug extensions' }], key: 'tracing' });
      }
      const sample = stackSample(ex.result);
      if (!stackDone && sample) {
        stackDone = true;
        report({ messageId: 'stackTrace', data: { path: t.endpoint.path, sample }, method: 'POST', path: t.endpoint.path, url: t.endpoint.url, exchanges: [{ response: ex.response, label: 'error with a stack trace' }], key: 'stack' });
      }
    }
  },
});
