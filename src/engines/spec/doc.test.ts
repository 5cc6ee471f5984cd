import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCase } from '../../../test/harness/spec.js';
import { REF_WITH_SIBLINGS } from '../../surface/refs.js';
import type { SchemaKind, SchemaVisit, SpecDoc } from './doc.js';
import { buildSpecDoc, hasType } from './doc.js';
import { select } from './select.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every shape the walk and its kinds tell apart, on both sides, shared and circular schemas included. */
const SHAPES = {
  openapi: '3.1.0',
  components: {
    schemas: {
      Node: { type: 'object', properties: { name: { type: 'string' }, next: { $ref: '#/components/schemas/Node' } } },
      Thing: {
        type: ['object', 'null'],
        properties: {
          id: { type: ['integer', 'null'], readOnly: true },
          secret: { type: 'string', writeOnly: true },
          tags: { type: 'array', items: { type: 'string' } },
          tuple: { type: 'array', prefixItems: [{ type: 'number' }, { type: ['string', 'array'] }], items: [{ type: 'integer' }] },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          open: { type: 'object', additionalProperties: true, properties: {} },
          listed: { additionalProperties: [], properties: [] },
          byPattern: { patternProperties: { '^x-': { type: 'string' } } },
          nulls: { properties: null, additionalProperties: null, patternProperties: null, type: [1, 'string'] },
          node: { $ref: '#/components/schemas/Node' },
          alias: { $ref: '#/components/schemas/Node', nullable: true, allOf: [{ type: 'object', properties: { extra: { type: 'boolean' } } }] },
          either: { oneOf: [{ type: 'string' }, { type: 'integer' }], anyOf: [{ type: 'number' }] },
          '200': { type: 'string' },
          mixed: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, additionalProperties: { type: 'number' }, allOf: [{ type: 'object', properties: { c: { type: 'string' } } }], items: { type: 'boolean' } },
        },
      },
    },
  },
  paths: {
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      put: {
        parameters: [{ name: 'q', in: 'query', schema: { type: ['string', 'null'] } }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } }, 'application/xml': { schema: { $ref: '#/components/schemas/Thing' } } } },
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '201': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } },
        },
      },
    },
  },
};

/**
 * The walk as it was first written (each use from schemaUses, a SchemaVisit per node made on the
 * spot): what the faster walk must still give, node for node.
 */
function referenceWalk(doc: SpecDoc, side: 'request' | 'response'): { node: Obj; info: SchemaVisit }[] {
  const out: { node: Obj; info: SchemaVisit }[] = [];
  const seen = new Set<object>();
  const skip = side === 'request' ? 'readOnly' : 'writeOnly';
  for (const use of doc.schemaUses(side)) {
    const stack: { node: unknown; parent?: Obj; name?: string; isRoot: boolean; inComposition: boolean }[] = [{ node: use.schema, isRoot: true, inComposition: false }];
    while (stack.length > 0) {
      const { node, parent, name, isRoot, inComposition } = stack.pop()!;
      if (!isObj(node) || seen.has(node)) continue;
      seen.add(node);
      const place = doc.placeOf(node) ?? (parent && name !== undefined ? doc.propertyPlace(parent, name) : undefined);
      out.push({ node, info: { op: use.op, side, propertyName: name, place, isRoot, inComposition, isParameter: use.where.startsWith('parameter') } });
      const later: typeof stack = [];
      if (isObj(node.properties)) {
        for (const [k, child] of Object.entries(node.properties)) if (isObj(child) && child[skip] !== true) later.push({ node: child, parent: node, name: k, isRoot: false, inComposition: false });
      }
      const plain = (c: unknown, inComp = false) => later.push({ node: c, isRoot: false, inComposition: inComp });
      if (isObj(node.items)) plain(node.items);
      else if (Array.isArray(node.items)) node.items.forEach((c) => plain(c));
      if (Array.isArray(node.prefixItems)) node.prefixItems.forEach((c) => plain(c));
      if (isObj(node.additionalProperties)) plain(node.additionalProperties);
      if (isObj(node.patternProperties)) Object.values(node.patternProperties).forEach((c) => plain(c));
      const alias = (node as { [REF_WITH_SIBLINGS]?: boolean })[REF_WITH_SIBLINGS] === true;
      if (Array.isArray(node.allOf)) node.allOf.forEach((c, i) => plain(c, !(alias && i === 0)));
      for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((c) => plain(c, true));
      // The other subschemas pop first, last listed first; then the properties, in order.
      const props = later.filter((e) => e.name !== undefined);
      const rest = later.filter((e) => e.name === undefined);
      stack.push(...props.reverse(), ...rest);
    }
  }
  return out;
}

/** What each kind of walk must visit: the checks' own first tests, as they were written. */
const KIND_TESTS: Record<SchemaKind, (n: Obj) => boolean> = {
  string: (n) => hasType(n, 'string'),
  number: (n) => hasType(n, 'integer') || hasType(n, 'number'),
  array: (n) => hasType(n, 'array'),
  map: (n) => (n.additionalProperties !== null && typeof n.additionalProperties === 'object') || (n.patternProperties !== null && typeof n.patternProperties === 'object'),
  properties: (n) => Boolean(n.properties) && typeof n.properties === 'object',
};

test('walkSchemas visits the nodes of the reference walk, in its order, with the same visits', () => {
  for (const side of ['request', 'response'] as const) {
    const doc = buildSpecDoc(loadCase({ name: 'shapes', spec: SHAPES }));
    const got: { node: Obj; info: SchemaVisit }[] = [];
    doc.walkSchemas(side, (node, info) => got.push({ node, info }));
    const want = referenceWalk(doc, side);
    assert.ok(want.length > 20, side);
    assert.equal(got.length, want.length, side);
    for (let i = 0; i < want.length; i++) {
      assert.equal(got[i]!.node, want[i]!.node, `${side} node ${i}`);
      assert.deepEqual({ ...got[i]!.info }, { ...want[i]!.info }, `${side} visit ${i}`);
    }
  }
});

test('walkSchemas limited to a kind visits exactly the nodes the kind test accepts, in walk order, with the same visit objects', () => {
  for (const side of ['request', 'response'] as const) {
    for (const kind of Object.keys(KIND_TESTS) as SchemaKind[]) {
      // A fresh document each time: the kind walk may be the first to make the visits.
      const doc = buildSpecDoc(loadCase({ name: 'shapes', spec: SHAPES }));
      const limited: [Obj, SchemaVisit][] = [];
      doc.walkSchemas(side, (node, info) => limited.push([node, info]), kind);
      const all: [Obj, SchemaVisit][] = [];
      doc.walkSchemas(side, (node, info) => all.push([node, info]));
      const want = all.filter(([node]) => KIND_TESTS[kind](node));
      assert.ok(want.length > 0 && want.length < all.length, `${side} ${kind}`);
      assert.equal(limited.length, want.length, `${side} ${kind}`);
      for (let i = 0; i < want.length; i++) {
        assert.equal(limited[i]![0], want[i]![0], `${side} ${kind} node ${i}`);
        assert.equal(limited[i]![1], want[i]![1], `${side} ${kind} visit ${i}`);
      }
    }
  }
});

test('keysOf lists own enumerable keys as Object.keys does, once per object', () => {
  const doc = buildSpecDoc(loadCase({ name: 'shapes', spec: SHAPES }));
  const props = (doc.raw.components as { schemas: { Thing: { properties: object } } }).schemas.Thing.properties;
  const keys = doc.keysOf(props);
  assert.deepEqual(keys, Object.keys(props));
  assert.equal(keys[0], '200');
  assert.equal(doc.keysOf(props), keys);
});

test('select gives the same matches when a prefix was selected before, and per document', () => {
  const spec = { servers: [{ url: 'http://a.example' }], paths: { '/a': { servers: [{ url: 'http://b.example' }], get: { servers: [{ url: 'http://c.example' }], responses: {} } }, '/b': { post: { responses: {} } } } };
  const selectors = ['$.paths[*]', '$.paths[*][get,post]', '$.paths[*][get,post].servers[*]', '$.paths[*][get,post].servers[*].url', '$.paths[*].servers[*].url', '$.servers[*].url', '$'];
  const fresh = (sel: string) => select(buildSpecDoc(loadCase({ name: 'servers', spec })), sel);
  const doc = buildSpecDoc(loadCase({ name: 'servers', spec }));
  for (const sel of selectors) assert.deepEqual(select(doc, sel), fresh(sel), sel);
  for (const sel of [...selectors].reverse()) assert.deepEqual(select(doc, sel), fresh(sel), `${sel} again`);
  assert.deepEqual(
    select(doc, '$.paths[*][get,post].servers[*].url').map((m) => m.pointer),
    ['/paths/~1a/get/servers/0/url'],
  );
  const other = buildSpecDoc(loadCase({ name: 'other', spec: { paths: { '/c': { get: { responses: {} } } } } }));
  assert.deepEqual(select(other, '$.paths[*][get,post]').map((m) => m.pointer), ['/paths/~1c/get']);
});
