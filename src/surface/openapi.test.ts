import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolError } from '../core/errors.js';
import { loadOpenApiFile, loadOpenApiText } from './openapi.js';
import { MAX_RESOLVED_DEPTH } from './refs.js';
import type { Operation } from './model.js';

const fx = fileURLToPath(new URL('./fixtures/', import.meta.url));
const op = (ops: readonly Operation[], key: string) => {
  const o = ops.find((x) => x.key === key);
  assert.ok(o, `no operation ${key}`);
  return o;
};

async function rejects(file: string, code: string): Promise<ToolError> {
  try {
    await loadOpenApiFile(join(fx, file));
  } catch (err) {
    assert.ok(err instanceof ToolError, String(err));
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`${file} loaded`);
}

test('Swagger 2.0 is normalised into the common model', async () => {
  const spec = await loadOpenApiFile(join(fx, 'swagger2.yaml'));
  const s = spec.surface;
  assert.equal(spec.version, '2.0');
  assert.equal(s.sourceKind, 'openapi-2.0');
  assert.deepEqual(s.servers, ['http://api.example.com/v1', 'https://api.example.com/v1']);
  assert.equal(s.operations.length, 3);
  assert.deepEqual(s.securitySchemes.basic, { name: 'basic', description: undefined, pointer: '/securityDefinitions/basic', file: undefined, type: 'http', scheme: 'basic' });
  assert.equal(s.securitySchemes.key!.in, 'query');
  assert.equal(s.securitySchemes.key!.paramName, 'api_key');
  assert.deepEqual(Object.keys(s.securitySchemes.oauth!.flows!), ['authorizationCode']);

  const get = op(s.operations, 'GET /pets/{petId}');
  assert.equal(get.operationId, 'getPet');
  assert.deepEqual(get.tags, ['pets']);
  // Path-level and operation-level parameters merge; the operation's `verbose` wins.
  assert.deepEqual(get.parameters.map((p) => `${p.in}:${p.name}`), ['path:petId', 'query:verbose']);
  assert.deepEqual(get.parameters[1]!.schema, { type: 'string', enum: ['yes', 'no'] });
  assert.deepEqual(get.parameters[0]!.schema, { type: 'integer', format: 'int64' });
  assert.equal(get.parameters[0]!.pointer, '/parameters/PetId');
  assert.deepEqual(get.security, [{ key: [] }]);
  const ok = get.responses.find((r) => r.status === '200')!;
  assert.deepEqual(ok.headers, ['X-Rate-Limit']);
  assert.equal(ok.content[0]!.mediaType, 'application/json');
  const pet = ok.content[0]!.schema as Record<string, any>;
  assert.equal(pet.type, 'object');
  // Circular: Pet -> Owner -> pets[] -> Pet is the same object.
  assert.equal(pet.properties.owner.properties.pets.items, pet);
  assert.deepEqual(spec.originOf(pet), { file: join(fx, 'swagger2.yaml'), pointer: '/definitions/Pet' });

  const put = op(s.operations, 'PUT /pets/{petId}');
  assert.deepEqual(put.security, [{ oauth: ['read'] }]);
  assert.equal(put.requestBody!.required, true);
  assert.equal(put.requestBody!.content[0]!.mediaType, 'application/json');
  assert.equal(put.requestBody!.content[0]!.schema, pet);
  assert.ok(!put.parameters.some((p) => p.name === 'body'));

  const upload = op(s.operations, 'POST /pets/{petId}/photo');
  assert.deepEqual(upload.security, []);
  assert.equal(upload.isPublic, true);
  assert.equal(upload.deprecated, true);
  assert.equal(upload.extensions['x-rampart-public'], true);
  const form = upload.requestBody!.content[0]!;
  assert.equal(form.mediaType, 'multipart/form-data');
  assert.deepEqual(form.schema, {
    type: 'object',
    properties: { file: { type: 'string', format: 'binary' }, caption: { type: 'string', maxLength: 100 } },
    required: ['file'],
  });
  assert.equal(upload.source!.line, 72);
  assert.equal(upload.source!.column, 5);
});

test('OpenAPI 3.0 across files: path items, schemas and responses by relative $ref', async () => {
  const main = join(fx, 'multi', 'main.yaml');
  const spec = await loadOpenApiFile(main);
  const s = spec.surface;
  assert.equal(spec.version, '3.0');
  assert.equal(s.title, 'Multi-file');
  assert.equal(s.version, '2.0.0');
  assert.deepEqual(s.servers, ['https://eu.example.com/api']);
  assert.deepEqual(s.securitySchemes.bearer!.scheme, 'bearer');
  assert.equal(s.securitySchemes.bearer!.bearerFormat, 'JWT');
  assert.deepEqual(s.operations.map((o) => o.key).sort(), ['DELETE /nodes/{id}', 'GET /health', 'GET /nodes/{id}', 'GET /search', 'POST /nodes']);

  const get = op(s.operations, 'GET /nodes/{id}');
  const paths = join(fx, 'multi', 'paths.yaml');
  const schemas = join(fx, 'multi', 'schemas.yaml');
  assert.deepEqual(get.source, { file: paths, pointer: '/NodeItem/get', line: 8, column: 3 });
  assert.deepEqual(get.security, [{ bearer: [] }]);
  assert.deepEqual(get.parameters[0]!.schema, { type: 'integer', format: 'int64' });
  assert.equal(get.parameters[0]!.file, paths);
  assert.equal(get.parameters[0]!.pointer, '/NodeItem/parameters/0');
  const node = get.responses[0]!.content[0]!.schema as Record<string, any>;
  assert.equal(node.properties.parent, node);
  assert.equal(node.properties.children.items, node);
  // A chain of refs (TagAlias -> Tag) lands on the value.
  assert.deepEqual(node.properties.tag, { type: 'string', maxLength: 20 });
  // `$ref` inside an example is data, not a reference.
  assert.deepEqual(node.properties.name.example, { $ref: 'this is an example, not a reference' });
  assert.deepEqual(spec.originOf(node), { file: schemas, pointer: '/components/schemas/Node' });
  assert.deepEqual(spec.originOf(node.properties.name), { file: schemas, pointer: '/components/schemas/Node/properties/name' });
  assert.deepEqual(spec.positionOf(schemas, '/components/schemas/Node/properties/name'), { line: 11, column: 9 });
  assert.ok(spec.files.has(schemas) && spec.files.has(paths));

  const post = op(s.operations, 'POST /nodes');
  assert.equal(post.isPublic, true);
  assert.equal(post.requestBody!.content[0]!.schema, node, 'one copy per target, shared across operations');
  const created = post.responses[0]!;
  assert.equal(created.status, '201');
  assert.deepEqual(created.headers, ['Location']);
  assert.equal(created.pointer, '/components/responses/Created');

  assert.deepEqual(op(s.operations, 'DELETE /nodes/{id}').security, [{}, { bearer: [] }]);
  assert.deepEqual(op(s.operations, 'GET /health').security, []);
  assert.deepEqual(op(s.operations, 'GET /search').parameters[0]!.schema, { type: 'object' });

  // The auditor's access: raw values, refs and positions.
  const t = spec.resolve('schemas.yaml#/components/schemas/TagAlias', paths);
  assert.deepEqual(t, { file: schemas, pointer: '/components/schemas/Tag', value: { type: 'string', maxLength: 20 } });
  assert.equal(spec.resolve('/paths/~1nodes/post').value, (spec.raw as any).paths['/nodes'].post);
  assert.deepEqual(spec.positionOf(main, '/paths/~1nodes/post/requestBody'), { line: 36, column: 7 });
});

test('OpenAPI 3.1 in JSON: positions, $ref siblings, examples, cookie parameters', async () => {
  const file = join(fx, 'openapi31.json');
  const spec = await loadOpenApiFile(file);
  assert.equal(spec.version, '3.1');
  assert.equal(spec.surface.sourceKind, 'openapi-3.1');
  const get = op(spec.surface.operations, 'GET /users/{id}');
  assert.deepEqual(get.source, { file, pointer: '/paths/~1users~1{id}/get', line: 6, column: 7 });
  assert.deepEqual(get.parameters.map((p) => `${p.in}:${p.name}:${p.required}`), ['path:id:true', 'cookie:sid:false']);
  const media = get.responses[0]!.content[0]!;
  assert.deepEqual(media.examples, { one: { id: 'u1' } });
  const user = media.schema as Record<string, any>;
  assert.equal(user.type, 'object');
  const patch = op(spec.surface.operations, 'PATCH /users/{id}');
  const body = patch.requestBody!.content[0]!.schema as Record<string, any>;
  assert.equal(body.unevaluatedProperties, false);
  assert.equal(body.allOf[0], user);
  assert.deepEqual(spec.positionOf(file, '/components/schemas/User/properties/tags'), { line: 38, column: 79 });
  assert.deepEqual(spec.positionOf(file, '/paths/~1users~1{id}/get/parameters/1'), { line: 10, column: 11 });
  assert.deepEqual(spec.positionOf(file, '/paths/~1nope/get'), { line: 4, column: 3 });
});

test('text input: JSON and YAML, refs through an injected reader', () => {
  const spec = loadOpenApiText(
    'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          $ref: "lib.yaml#/R"\n',
    '/virtual/api.yaml',
    { readFile: (p) => (p === '/virtual/lib.yaml' ? 'R:\n  description: from lib\n' : assert.fail(p)) },
  );
  assert.equal(spec.surface.operations[0]!.responses[0]!.description, 'from lib');
  assert.equal(spec.surface.operations[0]!.responses[0]!.file, '/virtual/lib.yaml');
  assert.throws(
    () => loadOpenApiText('{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"$ref":"other.json#/x"}}}', 'https://example.com/openapi.json'),
    (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && /cannot be read/.test(e.message),
  );
});

test('the same $ref written in two files leads to a file next to each (targets are remembered per file)', () => {
  const files: Record<string, string> = {
    '/v/lib.yaml': 'R:\n  description: root lib\n',
    '/v/sub/y.yaml': 'R2:\n  $ref: "lib.yaml#/R"\n',
    '/v/sub/lib.yaml': 'R:\n  description: sub lib\n',
  };
  const spec = loadOpenApiText(
    'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          $ref: "lib.yaml#/R"\n        "201":\n          $ref: "lib.yaml#/R"\n  /b:\n    get:\n      responses:\n        "200":\n          $ref: "sub/y.yaml#/R2"\n',
    '/v/api.yaml',
    { readFile: (p) => files[p] ?? assert.fail(p) },
  );
  const [a, b] = spec.surface.operations;
  assert.deepEqual(a!.responses.map((r) => [r.description, r.file, r.pointer]), [['root lib', '/v/lib.yaml', '/R'], ['root lib', '/v/lib.yaml', '/R']]);
  assert.deepEqual(b!.responses.map((r) => [r.description, r.file, r.pointer]), [['sub lib', '/v/sub/lib.yaml', '/R']]);
  assert.equal(spec.resolve('lib.yaml#/R', '/v/sub/y.yaml').file, '/v/sub/lib.yaml');
  assert.equal(spec.resolve('lib.yaml#/R').file, '/v/lib.yaml');
});

test('bad input: one ToolError with file, line and column', async () => {
  let e = await rejects('bad/invalid.yaml', 'E_SPEC_PARSE');
  assert.equal(e.position?.line, 8);
  e = await rejects('bad/invalid.json', 'E_SPEC_PARSE');
  assert.equal(e.position?.line, 6);
  e = await rejects('bad/ref-missing-file.yaml', 'E_SPEC_PARSE');
  assert.match(e.message, /missing\.yaml/);
  assert.deepEqual([e.position?.line, e.position?.column], [10, 11]);
  e = await rejects('bad/ref-missing-pointer.yaml', 'E_SPEC_PARSE');
  assert.match(e.message, /\/components\/responses\/Nope does not exist/);
  assert.deepEqual([e.position?.line, e.position?.column], [10, 11]);
  e = await rejects('bad/ref-loop.yaml', 'E_SPEC_PARSE');
  assert.match(e.message, /loops/);
  e = await rejects('bad/not-openapi.yaml', 'E_SPEC_UNSUPPORTED');
  assert.deepEqual([e.position?.line, e.position?.column], [1, 1]);
  e = await rejects('bad/openapi4.yaml', 'E_SPEC_UNSUPPORTED');
  assert.equal(e.position?.line, 1);
  await rejects('bad/does-not-exist.yaml', 'E_INPUT_MISSING');
  assert.throws(() => loadOpenApiText('', 'empty.yaml'), (x: unknown) => x instanceof ToolError);
  assert.throws(() => loadOpenApiText('[1, 2]', 'list.json'), (x: unknown) => x instanceof ToolError && x.code === 'E_SPEC_UNSUPPORTED');
  assert.throws(() => loadOpenApiText('a: 1\n---\nb: 2\n', 'two.yaml'), (x: unknown) => x instanceof ToolError && x.code === 'E_SPEC_PARSE' && (x.position?.line ?? 0) >= 2);
});

test('a JSON document reads the same as its YAML twin', () => {
  const yamlText = readFileSync(join(fx, 'swagger2.yaml'), 'utf8');
  const fromYaml = loadOpenApiText(yamlText, 'a.yaml');
  const fromJson = loadOpenApiText(JSON.stringify(fromYaml.raw, null, 2), 'a.json');
  const strip = (ops: readonly Operation[]) => JSON.stringify(ops.map((o) => ({ ...o, source: undefined, responses: o.responses.map((r) => r.status), requestBody: o.requestBody?.content.map((c) => c.mediaType) })));
  assert.equal(strip(fromJson.surface.operations), strip(fromYaml.surface.operations));
  assert.deepEqual(fromJson.positionOf('a.json', '/paths/~1pets~1{petId}/put'), { line: 97, column: 7 });
});

test('resolved schemas: objects with nothing to replace are kept, the rest copied once, with their places', () => {
  const spec = loadOpenApiText(
    [
      'openapi: 3.0.3',
      'info: {title: t, version: "1"}',
      'paths:',
      '  /a:',
      '    get:',
      '      responses:',
      '        "200":',
      '          content:',
      '            application/json:',
      '              schema:',
      '                type: object',
      '                required: [id]',
      '                properties:',
      '                  id: {type: string, example: {nested: 1}}',
      '                  tags: {type: array, items: {type: string}}',
      '                  owner: {$ref: "#/components/schemas/User"}',
      '                  list: [{$ref: "#/components/schemas/User"}, 1]',
      '        "201":',
      '          $ref: "#/components/responses/Shared"',
      '        "202":',
      '          $ref: "#/components/responses/Shared"',
      'components:',
      '  responses:',
      '    Shared:',
      '      description: shared',
      '      content:',
      '        application/json:',
      '          schema: {$ref: "#/components/schemas/User", description: a plain $ref all the same}',
      '  schemas:',
      '    User:',
      '      type: object',
      '      properties:',
      '        name: {type: string}',
      '        self: {$ref: "#/components/schemas/User"}',
      '',
    ].join('\n'),
    '/v/api.yaml',
  );
  const [r200, r201, r202] = spec.surface.operations[0]!.responses;
  const s = r200!.content[0]!.schema as Record<string, any>;
  const rawSchema = (spec.raw as any).paths['/a'].get.responses['200'].content['application/json'].schema;
  const rawUser = (spec.raw as any).components.schemas.User;
  // Copied: it holds a $ref somewhere below.
  assert.notEqual(s, rawSchema);
  assert.notEqual(s.properties, rawSchema.properties);
  // Kept: no objects in them but data (such as `example`, where a $ref is never a reference).
  assert.equal(s.properties.id, rawSchema.properties.id);
  assert.equal(s.properties.tags.items, rawSchema.properties.tags.items);
  // Only objects with no objects in them are kept, not whole subtrees without a $ref.
  assert.notEqual(s.properties.tags, rawSchema.properties.tags);
  assert.deepEqual(s.properties.tags, rawSchema.properties.tags);
  assert.equal(s.required, rawSchema.required);
  // An array with a $ref in it is copied, its scalars as they are.
  assert.notEqual(s.properties.list, rawSchema.properties.list);
  assert.equal(s.properties.list[1], 1);
  const user = s.properties.owner;
  assert.notEqual(user, rawUser);
  assert.equal(user.properties.self, user);
  assert.equal(user.properties.name, rawUser.properties.name);
  assert.equal(s.properties.list[0], user);
  // A $ref reached again (through a shared response) leads to the same copy.
  assert.equal(r201!.content[0]!.schema, user);
  assert.equal(r202!.content[0]!.schema, user);
  assert.equal(r201!.content[0]!.pointer, '/components/responses/Shared/content/application~1json');
  const at = (node: object) => spec.originOf(node);
  assert.deepEqual(at(s), { file: '/v/api.yaml', pointer: '/paths/~1a/get/responses/200/content/application~1json/schema' });
  assert.deepEqual(at(s.required), { file: '/v/api.yaml', pointer: '/paths/~1a/get/responses/200/content/application~1json/schema/required' });
  assert.deepEqual(at(s.properties.id), { file: '/v/api.yaml', pointer: '/paths/~1a/get/responses/200/content/application~1json/schema/properties/id' });
  assert.deepEqual(at(s.properties.tags.items)?.pointer, '/paths/~1a/get/responses/200/content/application~1json/schema/properties/tags/items');
  assert.deepEqual(at(user), { file: '/v/api.yaml', pointer: '/components/schemas/User' });
  assert.deepEqual(at(user.properties.name)?.pointer, '/components/schemas/User/properties/name');
  // resolved() of the same raw value gives the same objects.
  assert.equal(spec.resolved(rawSchema, { file: '/v/api.yaml', pointer: '/x' }), s);
  assert.equal(spec.resolved(rawUser.properties.self, { file: '/v/api.yaml', pointer: '/y' }), user);
});

test('schemas chained by $refs deeper than the resolver allows: one clear error at the schema, not a stack overflow', () => {
  // Schema S<i> holds S<i+1> in a property: two nested objects (the schema and its properties) per link.
  const chain = (n: number, json: boolean) => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) schemas[`S${i}`] = { type: 'object', properties: { a: i < n - 1 ? { $ref: `#/components/schemas/S${i + 1}` } : { type: 'string' } } };
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } }, responses: { '200': { description: 'ok' } } } } },
      components: { schemas },
    };
    if (json) return JSON.stringify(doc, null, 1);
    const lines = ['openapi: 3.0.3', "info: {title: t, version: '1'}", 'paths:', '  /a:', '    post:', '      requestBody:', '        content:', '          application/json:', "            schema: {$ref: '#/components/schemas/S0'}", '      responses:', "        '200':", '          description: ok', 'components:', '  schemas:'];
    for (let i = 0; i < n; i++) lines.push(`    S${i}:`, '      type: object', '      properties:', `        a: ${i < n - 1 ? `{$ref: '#/components/schemas/S${i + 1}'}` : '{type: string}'}`);
    return lines.join('\n') + '\n';
  };
  const links = MAX_RESOLVED_DEPTH / 2;
  for (const json of [false, true]) {
    // At the limit: the whole chain resolves.
    const ok = loadOpenApiText(chain(links - 2, json), json ? 'chain.json' : 'chain.yaml');
    let s = ok.surface.operations[0]!.requestBody!.content[0]!.schema as Record<string, unknown>;
    let depth = 0;
    while ((s.properties as Record<string, Record<string, unknown>> | undefined)?.a) {
      s = (s.properties as Record<string, Record<string, unknown>>).a!;
      depth++;
    }
    assert.equal(depth, links - 2);
    // Past it, and far past it (20,000 links overflowed the stack before): the error names the
    // schema where the limit was reached, with its line and column.
    for (const n of [links + 2, 20_000]) {
      assert.throws(
        () => loadOpenApiText(chain(n, json), 'chain.yaml'),
        (e: unknown) =>
          e instanceof ToolError && e.code === 'E_SPEC_PARSE' && e.message === `the document nests more than ${MAX_RESOLVED_DEPTH} objects in one another through its $refs` && e.position?.pointer === `/components/schemas/S${links}` && (e.position.line ?? 0) > 1 && (e.position.column ?? 0) > 1,
        `${n} links, ${json ? 'JSON' : 'YAML'}`,
      );
    }
  }
});

test('a broken $ref met while resolving lazily leaves the resolver as it was: later values still resolve', () => {
  const spec = loadOpenApiText("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {type: string}}}\n", 'a.yaml');
  // A broken $ref ten objects down, resolved 100 times: each failure unwinds ten levels of copying.
  const broken = () => {
    let v: unknown = { $ref: '#/components/schemas/Missing' };
    for (let i = 0; i < 10; i++) v = { type: 'object', properties: { p: v } };
    return v;
  };
  for (let i = 0; i < 100; i++) assert.throws(() => spec.resolved(broken(), { file: 'a.yaml', pointer: `/x-${i}` }), (e: unknown) => e instanceof ToolError && /Missing/.test(e.message));
  assert.deepEqual(spec.resolved({ type: 'object', properties: { a: { $ref: '#/components/schemas/A' } } }, { file: 'a.yaml', pointer: '/x-ok' }), {
    type: 'object',
    properties: { a: { type: 'object', properties: { b: { type: 'string' } } } },
  });
});

test('a broken $ref is reported at the $ref, wherever it is written', () => {
  const doc = (lines: string[]) => ['openapi: 3.0.3', 'info: {title: t, version: "1"}', 'paths:', '  /a:', '    get:', ...lines, ''].join('\n');
  const fails = (text: string, pointer: string, line: number) =>
    assert.throws(
      () => loadOpenApiText(text, 'api.yaml'),
      (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && e.position?.pointer === pointer && e.position.line === line,
    );
  fails(doc(['      responses:', '        "200":', '          description: x', '          content:', '            application/json:', '              schema: {$ref: "#/nope"}']), '/paths/~1a/get/responses/200/content/application~1json/schema/$ref', 11);
  fails(doc(['      responses:', '        "200":', '          description: x', '          content:', '            a/b:', '              schema:', '                properties:', '                  p:', '                    $ref: "#/nope"']), '/paths/~1a/get/responses/200/content/a~1b/schema/properties/p/$ref', 14);
  fails(doc(['      parameters:', '        - {name: q, in: query}', '        - $ref: "#/nope"', '      responses: {}']), '/paths/~1a/get/parameters/1/$ref', 8);
  fails(doc(['      requestBody: {$ref: "#/nope"}', '      responses: {}']), '/paths/~1a/get/requestBody/$ref', 6);
  fails(doc(['      responses:', '        "200": {$ref: "#/nope"}']), '/paths/~1a/get/responses/200/$ref', 7);
});

test('a broken $ref where the model does not go (an unused component, a header, a link, a callback, a webhook) is reported at the $ref; data that looks like a $ref is not', () => {
  const doc = (lines: string[]) => ['openapi: 3.0.3', 'info: {title: t, version: "1"}', 'paths: {}', 'components:', ...lines, ''].join('\n');
  const fails = (text: string, pointer: string, line: number) =>
    assert.throws(
      () => loadOpenApiText(text, 'api.yaml'),
      (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && /broken \$ref/.test(e.message) && e.position?.pointer === pointer && e.position.line === line,
    );
  fails(doc(['  schemas:', '    A:', '      $ref: "#/components/schemas/Gone"']), '/components/schemas/A/$ref', 7);
  fails(doc(['  schemas:', '    A:', '      type: object', '      properties:', '        example:', '          $ref: "#/components/schemas/Gone"']), '/components/schemas/A/properties/example/$ref', 10);
  // through a chain of unused components, and an example object's own $ref
  fails(doc(['  schemas:', '    A: {$ref: "#/components/schemas/B"}', '    B:', '      items: {$ref: "#/components/schemas/Gone"}']), '/components/schemas/B/items/$ref', 8);
  fails(doc(['  examples:', '    E: {$ref: "#/components/examples/Gone"}']), '/components/examples/E/$ref', 6);
  assert.throws(
    () => loadOpenApiText(['swagger: "2.0"', 'info: {title: t, version: "1"}', 'paths: {}', 'definitions:', '  A:', '    $ref: "#/definitions/Gone"', ''].join('\n'), 'api.yaml'),
    (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && e.position?.pointer === '/definitions/A/$ref' && e.position.line === 6,
  );
  // the parts of an operation the model does not read
  const op = (lines: string[]) => ['openapi: 3.0.3', 'info: {title: t, version: "1"}', 'paths:', '  /a:', '    get:', ...lines, ''].join('\n');
  const response = ['      responses:', '        "200":', '          description: ok'];
  fails(op([...response, '          headers:', '            X-A: {$ref: "#/components/headers/Gone"}']), '/paths/~1a/get/responses/200/headers/X-A/$ref', 10);
  fails(op([...response, '          links:', '            L: {$ref: "#/components/links/Gone"}']), '/paths/~1a/get/responses/200/links/L/$ref', 10);
  fails(op(['      callbacks:', '        cb: {$ref: "#/components/callbacks/Gone"}', '      responses: {}']), '/paths/~1a/get/callbacks/cb/$ref', 7);
  fails(op([...response, '          content:', '            multipart/form-data:', '              encoding:', '                f:', '                  headers:', '                    X-B: {$ref: "#/components/headers/Gone"}']), '/paths/~1a/get/responses/200/content/multipart~1form-data/encoding/f/headers/X-B/$ref', 14);
  fails(op(['      parameters:', '        - name: q', '          in: query', '          schema: {type: string}', '          examples:', '            e: {$ref: "#/components/examples/Gone"}', '      responses: {}']), '/paths/~1a/get/parameters/0/examples/e/$ref', 11);
  fails(['openapi: 3.1.0', 'info: {title: t, version: "1"}', 'paths: {}', 'webhooks:', '  created:', '    post:', '      requestBody: {$ref: "#/components/requestBodies/Gone"}', ''].join('\n'), '/webhooks/created/post/requestBody/$ref', 7);
  // the fixed twins, and $refs that are data: an example's value, an example or default of a schema, an extension
  const ok = [
    doc(['  schemas:', '    A:', '      $ref: "#/components/schemas/B"', '    B: {type: string}']),
    doc(['  examples:', '    E:', '      value:', '        $ref: "#/not/a/reference"']),
    doc(['  schemas:', '    A:', '      type: object', '      example: {$ref: "#/nope"}', '      default: {$ref: "#/nope"}', '      x-note: {$ref: "#/nope"}']),
    doc(['  x-tooling:', '    a: {$ref: "#/nope"}']),
  ];
  ok.push(
    op(['      parameters:', '        - name: q', '          in: query', '          schema: {type: string}', '          examples:', '            e: {value: {$ref: "#/not/a/reference"}}', '      responses: {}']),
    // a schema the audit reads, whose examples (data in JSON Schema) hold something like a $ref
    op([...response, '          content:', '            application/json:', '              schema: {type: object, examples: [{$ref: "#/not/a/reference"}]}']),
    op([...response, '          headers:', '            X-A: {$ref: "#/components/headers/H"}', '          content:', '            application/json:', '              examples:', '                e: {value: {$ref: "#/not/a/reference"}}']) + 'components:\n  headers:\n    H: {schema: {type: string}}\n',
  );
  for (const text of ok) loadOpenApiText(text, 'api.yaml');
});

test('parameters: the operation overrides the path item by location and name, in first-seen order', () => {
  const spec = loadOpenApiText(
    [
      'openapi: 3.0.3',
      'info: {title: t, version: "1"}',
      'paths:',
      '  /a/{id}:',
      '    parameters:',
      '      - {name: id, in: path, description: item}',
      '      - {name: q, in: query, description: item}',
      '      - {name: q, in: header, description: item}',
      '      - {name: "a:b", in: query, description: item}',
      '    get:',
      '      parameters:',
      '        - {name: extra, in: query}',
      '        - {name: q, in: query, description: own}',
      '        - {name: b, in: "query:a", description: same key as query a:b}',
      '        - not a parameter',
      '      responses: {}',
      '    put:',
      '      responses: {}',
      '',
    ].join('\n'),
    'api.yaml',
  );
  const [get, put] = spec.surface.operations;
  // `query:a` is not a location: the parameter it replaced (the same `in:name` key) is gone with it.
  assert.deepEqual(get!.parameters.map((p) => `${p.in}:${p.name}:${p.description ?? ''}`), ['path:id:item', 'query:q:own', 'header:q:item', 'query:extra:']);
  assert.deepEqual(get!.parameters.map((p) => p.pointer), ['/paths/~1a~1{id}/parameters/0', '/paths/~1a~1{id}/get/parameters/1', '/paths/~1a~1{id}/parameters/2', '/paths/~1a~1{id}/get/parameters/0']);
  assert.deepEqual(put!.parameters.map((p) => `${p.in}:${p.name}`), ['path:id', 'query:q', 'header:q', 'query:a:b']);
});
