// The shared GraphQL machinery: endpoint discovery (paths, content-type probing), engine
// fingerprints, schema recovery from suggestions, per-scan caching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, graphql } from 'graphql';
import { defineScanCheck } from '../../src/engines/scan/define.js';
import { fingerprintEngine } from '../../src/engines/scan/graphql/fingerprint.js';
import { readSuggestions } from '../../src/engines/scan/graphql/recover.js';
import { findRecursivePath, schemaFromSdl } from '../../src/engines/scan/graphql/schema.js';
import { deepQuery } from '../../src/engines/scan/graphql/query.js';
import type { GqlTarget } from '../../src/engines/scan/graphql/target.js';
import { graphqlTarget } from '../../src/engines/scan/graphql/target.js';
import checks from '../../src/engines/scan/checks/index.js';
import { runCheckAgainst, runChecksAgainst, startServer } from '../harness/scan.js';
import { startHoneypot } from '../fixtures-servers/honeypot.js';
import { EMPTY, IDENTITIES } from './common.js';
import { startGraphqlApi } from './fixtures.js';

/** A probe check that only records what discovery found. */
function recorder(out: (GqlTarget | undefined)[]) {
  return defineScanCheck({
    meta: { id: 'scan/graphql-discovery-probe', title: 't', severity: 'info', confidence: 'high', domain: 'inventory', owasp: [], cwe: [], description: 'd', remediation: 'r', references: [], messages: {} },
    scope: 'target',
    plan: () => ({ requests: 1, writes: false }),
    async run(ctx) {
      out.push(await graphqlTarget(ctx));
    },
  });
}

test('fingerprints: engines from their parse-error shapes', () => {
  assert.match(fingerprintEngine([{ message: 'Syntax Error: Expected Name, found <EOF>.' }])!, /graphql-js/);
  assert.equal(fingerprintEngine([{ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }]), 'Apollo Server');
  assert.equal(fingerprintEngine([{ message: 'Unexpected <EOF>', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }]), 'gqlgen');
  assert.equal(fingerprintEngine([{ message: "Invalid Syntax : offending token '<EOF>' at line 1 column 8", extensions: { classification: 'InvalidSyntax' } }]), 'graphql-java');
  assert.equal(fingerprintEngine([{ message: 'not a valid graphql query', extensions: { code: 'validation-failed', path: '$' } }]), 'Hasura');
  assert.equal(fingerprintEngine([{ message: 'Expected a `Name`-token, but found a `EndOfFile`-token.' }]), 'HotChocolate');
  assert.equal(fingerprintEngine([{ message: 'something else' }]), undefined);
});

test('readSuggestions: names, object types and required arguments from validation errors', () => {
  const r = readSuggestions(
    [
      'Cannot query field "usr" on type "Query". Did you mean "user" or "users"?',
      'Cannot query field "__rampartNoSuchField" on type "Query".',
      'Field "me" of type "User" must have a selection of subfields. Did you mean "me { ... }"?',
      'Field "note" argument "id" of type "ID!" is required, but it was not provided.',
    ],
    'Query',
  );
  assert.deepEqual([...r.suggested], ['user', 'users']);
  assert.deepEqual([...r.objects], [['me', 'User']]);
  assert.deepEqual(r.requiredArgs.get('note'), [{ name: 'id', type: 'ID!' }]);
  assert.ok(r.unknown.has('__rampartNoSuchField'));
});

test('recursive paths and deep queries on the schema\'s own types', () => {
  const s = schemaFromSdl('type Query { post(id: ID!): Post, version: String } type Post { id: ID! author: User! } type User { id: ID! posts: [Post!]! }');
  const p = findRecursivePath(s)!;
  assert.equal(p.entry.name, 'post');
  assert.deepEqual(p.cycle.map((f) => f.name), ['author', 'posts']);
  assert.equal(deepQuery(s, p, 4, { byName: { id: '7' } }), 'query { post(id: "7") { author { posts { id } } } }');
});

test('discovery: a non-default path, an engine fingerprint, and nothing on the honeypot', async (t) => {
  const api = await startGraphqlApi({ hardened: false, path: '/api/graphql' });
  const hp = await startHoneypot();
  t.after(() => Promise.all([api.close(), hp.close()]));
  const found: (GqlTarget | undefined)[] = [];
  const run = await runCheckAgainst(recorder(found), api.url, EMPTY, { identities: IDENTITIES });
  assert.match(run.notifications.find((n) => n.code === 'graphql-endpoint')?.message ?? '', /GraphQL endpoint at \/api\/graphql \(POST application\/json; engine: graphql-js/);
  assert.equal(found[0]?.endpoint.path, '/api/graphql');
  assert.equal(found[0]?.transport, 'json');
  assert.match(found[0]?.endpoint.engine ?? '', /graphql-js/);
  assert.equal(found[0]?.schema?.source, 'introspection');
  const none: (GqlTarget | undefined)[] = [];
  await runCheckAgainst(recorder(none), hp.url, EMPTY);
  assert.deepEqual(none, [undefined]);
});

test('discovery by content-type probing: a server that only answers GET', async (t) => {
  const schema = buildSchema('type Query { hello: String }');
  const srv = await startServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/gql' || req.method !== 'GET' || !u.searchParams.get('query')) {
      res.statusCode = 404;
      return res.end('no');
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(await graphql({ schema, source: u.searchParams.get('query')!, rootValue: { hello: () => 'hi' } })));
  });
  t.after(() => srv.close());
  const found: (GqlTarget | undefined)[] = [];
  await runCheckAgainst(recorder(found), srv.url, EMPTY);
  assert.equal(found[0]?.endpoint.path, '/gql');
  assert.equal(found[0]?.transport, 'get');
});

test('schema recovery from suggestions when introspection is off; parallel scans keep their own discovery', async (t) => {
  const a = await startGraphqlApi({ hardened: false, introspection: false });
  const b = await startGraphqlApi({ hardened: false, path: '/v1/graphql' });
  t.after(() => Promise.all([a.close(), b.close()]));
  const fa: (GqlTarget | undefined)[] = [];
  const fb: (GqlTarget | undefined)[] = [];
  await Promise.all([runCheckAgainst(recorder(fa), a.url, EMPTY), runCheckAgainst(recorder(fb), b.url, EMPTY)]);
  assert.equal(fb[0]?.endpoint.path, '/v1/graphql');
  const s = fa[0]!.schema!;
  assert.equal(s.source, 'suggestions');
  const q = s.types.get('Query')!.fields.map((f) => f.name);
  for (const name of ['me', 'user', 'users', 'note', 'notes', 'node', 'products', 'health']) assert.ok(q.includes(name), `${name} in ${q.join(',')}`);
  assert.deepEqual(s.types.get('Query')!.fields.find((f) => f.name === 'user')!.args.map((x) => x.name), ['id']);
  assert.ok(s.types.get('Mutation')!.fields.some((f) => f.name === 'login'));
  assert.deepEqual(s.types.get('Query')!.fields.find((f) => f.name === 'products')!.args.map((x) => `${x.name}: ${x.type.name}`), ['first: Int']);
  assert.ok(s.types.get('User')!.fields.some((f) => f.name === 'email'));
  assert.ok(fa[0]!.suggestionEvidence);
});

test('a server that answers every request with the same canned GraphQL data gets no GraphQL finding', async (t) => {
  const canned = await startServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: { __typename: 'Query' } }));
  });
  t.after(() => canned.close());
  const all = checks.filter((c) => c.meta.id.startsWith('scan/graphql-'));
  const r = await runChecksAgainst(all, canned.url, EMPTY, { identities: IDENTITIES, options: { delaySeconds: 1, timeBudgetMs: 5000 } });
  assert.deepEqual(r.findings.map((f) => `${f.checkId}: ${f.message}`), []);
  assert.deepEqual(r.notifications.filter((n) => n.code === 'check-failed'), []);
});

test('discovery of an endpoint that answers only authenticated callers', async (t) => {
  const schema = buildSchema('type Query { hello: String }');
  const srv = await startServer(async (req, res, body) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/graphql') {
      res.statusCode = 404;
      return res.end();
    }
    if (req.headers.authorization !== 'Bearer alice-token') {
      res.statusCode = 401;
      return res.end('{"error":"unauthorized"}');
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(await graphql({ schema, source: (JSON.parse(body) as { query: string }).query })));
  });
  t.after(() => srv.close());
  const found: (GqlTarget | undefined)[] = [];
  await runCheckAgainst(recorder(found), srv.url, EMPTY, { identities: { alice: IDENTITIES.alice! } });
  assert.equal(found[0]?.endpoint.path, '/graphql');
  assert.equal(found[0]?.introspectionIdentity, 'alice');
});
