// scan/graphql-injection: the scan's injection checks on GraphQL argument variables; SQL built from
// searchUsers(name) in the vulnerable fixture, bound parameters in the hardened twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import check, { fieldRequest, inlineVariables } from '../../src/engines/scan/checks/graphql-injection.js';
import { schemaFromSdl } from '../../src/engines/scan/graphql/schema.js';
import { runCheckAgainst } from '../harness/scan.js';
import { EMPTY, IDENTITIES } from './common.js';
import { sdl, startGraphqlApi } from './fixtures.js';

test('fieldRequest puts String and ID arguments in variables', () => {
  const s = schemaFromSdl('type Query { search(term: String!, first: Int!, tag: ID): [R!]! } type R { id: ID! name: String }');
  const r = fieldRequest(s, s.types.get('Query')!.fields[0]!, 'query', (a) => `x-${a}`)!;
  assert.equal(r.query, 'query ($v0: String!, $v1: ID) { search(term: $v0, first: 1, tag: $v1) { __typename id name } }');
  assert.deepEqual(r.variables, { v0: 'x-term', v1: 'x-tag' });
});

test('scan/graphql-injection: SQL injection through a GraphQL argument, not on the hardened twin', async (t) => {
  const bad = await startGraphqlApi({ hardened: false });
  const good = await startGraphqlApi({ hardened: true });
  t.after(() => Promise.all([bad.close(), good.close()]));
  const opts = { identities: IDENTITIES, options: { delaySeconds: 1, fields: ['searchUsers', 'note'] } };
  const v = await runCheckAgainst(check, bad.url, EMPTY, opts);
  assert.deepEqual(v.findings.map((f) => f.message), [
    'SQL injection through the argument name of searchUsers at /graphql: the GraphQL argument "name" reaches a SQLite query unescaped: a quote in it produces a database error (SqliteError).',
  ]);
  const f = v.findings[0]!;
  assert.equal(f.location.kind === 'http' && f.location.parameter?.in, 'graphql');
  assert.equal(f.evidence?.data?.injectionCheck, 'scan/sql-injection');
  const h = await runCheckAgainst(check, good.url, EMPTY, { ...opts, options: { ...opts.options, sdl: sdl(true) } });
  assert.deepEqual(h.findings.map((x) => x.message), []);
  assert.deepEqual(h.notifications.filter((n) => n.code === 'check-failed'), []);
});

test('inlineVariables writes string variables into the document as literals', () => {
  const body = JSON.stringify({ query: 'query ($v0: String!, $v1: ID) { search(term: $v0, tag: $v1) { id } }', variables: { v0: 'a"b\'', v1: { $ne: 1 } } });
  assert.equal(JSON.parse(inlineVariables(body)).query, 'query ($v1: ID) { search(term: "a\\"b\'", tag: $v1) { id } }');
  assert.equal(
    JSON.parse(inlineVariables(JSON.stringify({ query: 'query ($v0: String!) { s(t: $v0) }', variables: { v0: 'x' } }))).query,
    'query { s(t: "x") }',
  );
});

test('scan/graphql-injection: payloads as argument literals', async (t) => {
  const bad = await startGraphqlApi({ hardened: false });
  t.after(() => bad.close());
  const v = await runCheckAgainst(check, bad.url, EMPTY, { identities: IDENTITIES, options: { delaySeconds: 1, fields: ['searchUsers'], argumentStyle: 'literals' } });
  assert.equal(v.findings.length, 1);
  assert.match(v.findings[0]!.message, /the GraphQL argument "name" \(as a literal in the document\) reaches a SQLite query/);
  assert.match(String(v.findings[0]!.evidence?.exchanges?.[0]?.request.body), /searchUsers\(name: \\"/);
});
