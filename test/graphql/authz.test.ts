// scan/graphql-broken-authorization: anonymous data, objects across users (by id and node(id:)),
// admin mutations for a user; vulnerable fixture vs hardened twin (resolver-level authorization).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import check, { sensitiveValues } from '../../src/engines/scan/checks/graphql-broken-authorization.js';
import { buildSchema, graphql } from 'graphql';
import { runCheckAgainst, startServer } from '../harness/scan.js';
import { EMPTY, IDENTITIES } from './common.js';
import { sdl, startGraphqlApi } from './fixtures.js';

test('scan/graphql-broken-authorization fires on the vulnerable fixture and not on the hardened twin', async (t) => {
  const bad = await startGraphqlApi({ hardened: false });
  const good = await startGraphqlApi({ hardened: true });
  t.after(() => Promise.all([bad.close(), good.close()]));
  const v = await runCheckAgainst(check, bad.url, EMPTY, { identities: IDENTITIES });
  const msgs = v.findings.map((f) => f.message).sort();
  const text = msgs.join('\n');
  assert.match(text, /The GraphQL query users at \/graphql returns data to an anonymous caller \(3 User objects\)/);
  assert.match(text, /reads \w+'s User through user\(id: \d\)/);
  assert.match(text, /reads \w+'s Note through note\(id: 1[12]\)/);
  assert.match(text, /reads \w+'s (User|Note) through node\(id: \d+\)/);
  assert.match(text, /The administrative mutation deleteUser at \/graphql runs for the regular user alice/);
  assert.match(text, /The administrative mutation setRole at \/graphql runs for the regular user alice/);
  assert.match(text, /The mutation updateNote at \/graphql runs for an anonymous caller, while me refuses one/);
  assert.equal(msgs.length, 7, text);
  assert.equal(v.findings.find((f) => /anonymous caller \(/.test(f.message))?.severity, 'critical');
  // the vulnerable note resolver checks nothing: anonymous gets the note too, and its owner's password keeps it high
  const note = v.findings.find((f) => /through note\(id/.test(f.message))!;
  assert.equal(note.evidence?.data?.anonymousGetsIt, true);
  assert.deepEqual(note.evidence?.data?.sensitiveFields, ['password', 'apiToken', 'ssn']);
  assert.equal(note.confidence, 'high');
  const h = await runCheckAgainst(check, good.url, EMPTY, { identities: IDENTITIES, options: { sdl: sdl(true) } });
  assert.deepEqual(h.findings.map((f) => f.message), []);
  assert.deepEqual(h.notifications.filter((n) => n.code === 'check-failed'), []);
});

test('sensitiveValues: sensitive-named keys that carry a value', () => {
  assert.deepEqual(sensitiveValues(JSON.stringify([{ id: 1, password: 'x', apiToken: '', nested: { ssn: '1' } }])).sort(), ['password', 'ssn']);
  assert.deepEqual(sensitiveValues('not json'), []);
});

test('scan/graphql-broken-authorization: a public profile by id is reported with medium confidence only', async (t) => {
  const schema = buildSchema('type Query { me: User, user(id: ID!): User } type User { id: ID! name: String! }');
  const people: Record<string, { id: string; name: string }> = { '1': { id: '1', name: 'Alice' }, '2': { id: '2', name: 'Bob' } };
  const srv = await startServer(async (req, res, body) => {
    const who = { 'Bearer alice-token': '1', 'Bearer bob-token': '2' }[req.headers.authorization ?? ''];
    const { query } = JSON.parse(body || '{}') as { query?: string };
    const rootValue = {
      me: () => {
        if (!who) throw new Error('Not authenticated');
        return people[who];
      },
      user: ({ id }: { id: string }) => people[id] ?? null,
    };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(await graphql({ schema, source: query ?? '', rootValue })));
  });
  t.after(() => srv.close());
  const r = await runCheckAgainst(check, srv.url, EMPTY, { identities: IDENTITIES });
  assert.equal(r.findings.length, 1, r.findings.map((f) => f.message).join('\n'));
  for (const f of r.findings) {
    assert.match(f.message, /reads (alice|bob)'s User through user\(id: [12]\)/);
    assert.equal(f.confidence, 'medium');
    assert.equal(f.evidence?.data?.anonymousGetsIt, true);
  }
});
