import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ToolError } from '../../src/core/errors.js';
import { loadHarText } from '../../src/surface/har.js';
import { loadPostmanText } from '../../src/surface/postman.js';
import { exampleValue, seededRandom, stringForPattern, templatePath } from '../../src/surface/examples.js';
import { looksLikeSpec, specUrlInPage, SPEC_PATHS, UI_PATHS, GRAPHQL_PATHS } from '../../src/surface/discover.js';

const har = {
  log: {
    version: '1.2',
    creator: { name: 'test', version: '1' },
    entries: [
      { request: { method: 'GET', url: 'http://api.test/users/42?expand=1', headers: [{ name: 'Accept', value: 'application/json' }, { name: 'Authorization', value: 'Bearer x' }] }, response: { status: 200, content: { mimeType: 'application/json' } } },
      { request: { method: 'GET', url: 'http://api.test/users/43' }, response: { status: 200 } },
      { request: { method: 'POST', url: 'http://api.test/users', postData: { mimeType: 'application/json', text: '{"name":"a","age":3}' } }, response: { status: 201 } },
      { request: { method: 'GET', url: 'http://cdn.test/app.js' }, response: { status: 200 } },
      { request: { method: 'GET', url: 'http://tracker.test/collect' }, response: { status: 200 } },
    ],
  },
};

test('HAR: entries become templated operations with params, bodies and the recorded exchange; other hosts are dropped', () => {
  const { surface, skipped } = loadHarText(JSON.stringify(har, null, 2), 'rec.har', { origin: 'http://api.test' });
  assert.deepEqual(surface.operations.map((o) => o.key).sort(), ['GET /users/{id}', 'POST /users']);
  assert.equal(skipped, 2);
  const get = surface.operations.find((o) => o.key === 'GET /users/{id}')!;
  assert.deepEqual(get.parameters.map((p) => `${p.in}:${p.name}`), ['path:id', 'query:expand']);
  assert.equal(get.recorded?.headers.Authorization, undefined, 'credentials from the recording are not replayed');
  assert.ok(get.source?.line && get.source.line > 1);
  const post = surface.operations.find((o) => o.key === 'POST /users')!;
  assert.equal(post.requestBody?.content[0]?.mediaType, 'application/json');
  assert.equal((post.requestBody?.content[0]?.schema as { properties: Record<string, { type: string }> }).properties.age!.type, 'integer');
});

test('HAR: bad input is a ToolError with file and place', () => {
  assert.throws(() => loadHarText('{"log": {"entries": [1', 'bad.har'), (e: unknown) => e instanceof ToolError && e.code === 'E_HAR_PARSE' && e.position?.file === 'bad.har' && e.position.line === 1);
  assert.throws(() => loadHarText('{\n  "log": {\n    "entries": [\n      {"request": {"url": "x"}}\n    ]\n  }\n}', 'bad.har'), (e: unknown) => e instanceof ToolError && e.code === 'E_HAR_PARSE' && e.position?.line === 4 && /method/.test(e.message));
  assert.throws(() => loadHarText('{"foo": 1}', 'bad.har'), (e: unknown) => e instanceof ToolError && /no "log"/.test(e.message));
});

const collection = {
  info: { name: 'Shop', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  variable: [{ key: 'baseUrl', value: 'http://shop.test/api' }, { key: 'tok', value: 'secret-token-1234' }],
  auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{tok}}', type: 'string' }] },
  item: [
    {
      name: 'Orders',
      item: [
        { name: 'Get order', request: { method: 'GET', url: { raw: '{{baseUrl}}/orders/:orderId?full=true', variable: [{ key: 'orderId', value: '17' }] } } },
        { name: 'Create order', request: { method: 'POST', header: [{ key: 'Content-Type', value: 'application/json' }], body: { mode: 'raw', raw: '{"sku":"a1","qty":2}' }, url: '{{baseUrl}}/orders' } },
      ],
    },
    { name: 'Health', request: { method: 'GET', auth: { type: 'noauth' }, url: '{{baseUrl}}/health' } },
    { name: 'Login', request: { method: 'POST', body: { mode: 'urlencoded', urlencoded: [{ key: 'user', value: 'u' }] }, url: '{{host}}/login' } },
  ],
};

test('Postman: folders, variables, path variables, bodies and inherited auth', () => {
  const r = loadPostmanText(JSON.stringify(collection, null, 2), 'shop.postman.json');
  const keys = r.surface.operations.map((o) => o.key).sort();
  assert.deepEqual(keys, ['GET /api/health', 'GET /api/orders/{orderId}', 'POST /api/orders', 'POST /login']);
  const get = r.surface.operations.find((o) => o.key === 'GET /api/orders/{orderId}')!;
  assert.deepEqual(get.tags, ['Orders']);
  assert.equal(get.parameters.find((p) => p.name === 'orderId')?.example, '17');
  assert.equal(get.parameters.find((p) => p.name === 'full')?.in, 'query');
  assert.deepEqual(get.security, [{ postmanBearer: [] }]);
  assert.deepEqual(r.surface.operations.find((o) => o.key === 'GET /api/health')!.security, []);
  assert.deepEqual(r.identities.postmanBearer, { type: 'bearer', token: 'secret-token-1234' });
  assert.equal(r.surface.operations.find((o) => o.key === 'POST /login')!.requestBody?.content[0]?.mediaType, 'application/x-www-form-urlencoded');
  assert.deepEqual(r.unresolved, ['host']);
  assert.equal(r.surface.servers[0], 'http://shop.test');
});

test('Postman: unsupported or broken collections name the file and place', () => {
  assert.throws(() => loadPostmanText(JSON.stringify({ info: { schema: 'https://schema.getpostman.com/json/collection/v1.0.0/' }, item: [] }), 'c.json'), (e: unknown) => e instanceof ToolError && e.code === 'E_POSTMAN_PARSE' && /v2\.1/.test(e.message));
  assert.throws(() => loadPostmanText('{"info": ', 'c.json'), (e: unknown) => e instanceof ToolError && e.code === 'E_POSTMAN_PARSE' && e.position?.line === 1);
  assert.throws(() => loadPostmanText(JSON.stringify({ info: collection.info, item: [{ name: 'x' }] }, null, 2), 'c.json'), (e: unknown) => e instanceof ToolError && /neither/.test(e.message) && (e.position?.line ?? 0) > 1);
});

test('HAR and Postman: documents nested past 100 levels are refused at the place the limit is passed, not left to overflow the stack', () => {
  // Each folder is two levels (the folder object and its item array), under the root object and its item array.
  // Written as text: JSON.stringify itself recurses, and overflows on 20,000 levels.
  const folders = (n: number) => {
    let item = JSON.stringify({ name: 'leaf', request: { method: 'GET', url: 'http://shop.test/a' } });
    for (let i = 0; i < n; i++) item = `{"name":"f${i}","item":[${item}]}`;
    return `{"info":${JSON.stringify(collection.info)},"item":[${item}]}`;
  };
  const ok = loadPostmanText(folders(48), 'c.json');
  assert.equal(ok.surface.operations[0]!.tags!.length, 48);
  for (const n of [50, 20_000]) {
    const text = folders(n);
    assert.throws(
      () => loadPostmanText(text, 'c.json'),
      (e: unknown) => e instanceof ToolError && e.code === 'E_POSTMAN_PARSE' && /nests more than 100 objects and arrays/.test(e.message) && e.position?.line === 1 && e.position.column === text.indexOf(`{"name":"f${n - 50}",`) + 1,
      String(n),
    );
  }
  // Cut short as well (not JSON): the nesting is what the error names, not the positional
  // parser's stack overflow while it looks for the syntax error.
  const cut = folders(20_000).slice(0, 300_000);
  assert.throws(() => loadPostmanText(cut, 'c.json'), (e: unknown) => e instanceof ToolError && e.code === 'E_POSTMAN_PARSE' && /nests more than 100 objects and arrays/.test(e.message) && e.position?.line === 1);
  assert.throws(() => loadPostmanText('{"info": {"a": [1, 2', 'c.json'), (e: unknown) => e instanceof ToolError && e.code === 'E_POSTMAN_PARSE' && !/nests/.test(e.message) && e.position?.line === 1);
  const deepHar = `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[${'['.repeat(50_000)}${']'.repeat(50_000)}]}}`;
  assert.throws(() => loadHarText(deepHar, 'rec.har', { origin: 'http://api.test' }), (e: unknown) => e instanceof ToolError && e.code === 'E_HAR_PARSE' && /nests more than 100/.test(e.message) && e.position?.line === 1);
  // A recorded body nested deeply is text inside a string: it does not count.
  const bodyHar = JSON.parse(JSON.stringify(har));
  bodyHar.log.entries[2].request.postData.text = `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`;
  assert.equal(loadHarText(JSON.stringify(bodyHar, null, 2), 'rec.har', { origin: 'http://api.test' }).surface.operations.length, 2);
});

test('examples: formats, enums, bounds, patterns and examples, deterministic per seed', () => {
  const schema = {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      email: { type: 'string', format: 'email' },
      when: { type: 'string', format: 'date-time' },
      site: { type: 'string', format: 'uri' },
      kind: { type: 'string', enum: ['a', 'b'] },
      n: { type: 'integer', minimum: 10, maximum: 12 },
      code: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
      given: { type: 'string', example: 'given' },
      short: { type: 'string', minLength: 5, maxLength: 6 },
      list: { type: 'array', minItems: 2, items: { type: 'number', multipleOf: 0.5, minimum: 1, maximum: 2 } },
    },
  };
  const a = exampleValue(schema, { random: seededRandom(7) }) as Record<string, unknown>;
  const b = exampleValue(schema, { random: seededRandom(7) });
  assert.deepEqual(a, b);
  assert.match(String(a.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(String(a.email), /^[^@]+@example\.com$/);
  assert.ok(!Number.isNaN(Date.parse(String(a.when))));
  assert.ok(new URL(String(a.site)));
  assert.equal(a.kind, 'a');
  assert.ok(Number(a.n) >= 10 && Number(a.n) <= 12 && Number.isInteger(a.n));
  assert.match(String(a.code), /^[A-Z]{3}-\d{4}$/);
  assert.equal(a.given, 'given');
  assert.ok(String(a.short).length >= 5 && String(a.short).length <= 6);
  assert.equal((a.list as number[]).length, 2);
  for (const x of a.list as number[]) assert.ok(x >= 1 && x <= 2 && (x * 2) % 1 === 0);
  assert.match(stringForPattern('^(foo|bar)-[a-f0-9]{8}$', seededRandom(1))!, /^(foo|bar)-[a-f0-9]{8}$/);
  const circular: Record<string, unknown> = { type: 'object', properties: {} };
  (circular.properties as Record<string, unknown>).self = circular;
  assert.ok(exampleValue(circular, { random: seededRandom(1) }));
  assert.deepEqual(templatePath('/users/42/files/0b7c1e5e-8a8e-4a65-9f8c-3f2b8c7d6e5f').template, '/users/{id}/files/{id2}');
});

test('discovery knows at least 20 documentation paths and recognizes specs and doc pages', () => {
  assert.ok(SPEC_PATHS.length + UI_PATHS.length + GRAPHQL_PATHS.length >= 20);
  assert.ok(looksLikeSpec('openapi: 3.0.0\npaths: {}'));
  assert.ok(!looksLikeSpec('{"status":"ok"}'));
  assert.deepEqual(specUrlInPage('<script>SwaggerUIBundle({ url: "/v3/api-docs", dom_id: "#x" })</script>'), { kind: 'swagger-ui', url: '/v3/api-docs' });
  assert.deepEqual(specUrlInPage('<redoc spec-url="/openapi.yaml"></redoc>'), { kind: 'redoc', url: '/openapi.yaml' });
});

test('HAR: a recording of another deployment keeps its most frequent origin', () => {
  const { surface } = loadHarText(JSON.stringify(har), 'rec.har', { origin: 'http://staging.test' });
  assert.deepEqual(surface.operations.map((o) => o.key).sort(), ['GET /users/{id}', 'POST /users']);
});
