#!/usr/bin/env node
// Writes a synthetic OpenAPI 3.0 document of about 5 MB: 100 resources x 5 operations (500),
// deep chains of shared schemas (8 levels, with cycles), long descriptions and examples, and a
// few deliberate problems both tools look for. Deterministic (seeded), so runs compare.
// With --fanout, each level of the shared chain also points two levels down (`alt`), so the
// schemas form a DAG with many paths to the same nodes, as expandable objects do in large APIs.
// Usage: node bench/spec-audit/generate.mjs OUT.yaml [--fanout]
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const WORDS = 'account order invoice payment customer address shipment product price tax discount refund ledger balance currency region audit event policy report tenant member role note label'.split(' ');
const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const para = () => `${sentence(18)}. ${sentence(22)}. ${sentence(16)}. ${sentence(20)}. ${sentence(24)}. ${sentence(14)}. ${sentence(18)}.`;

const schemas = {};
// A deep chain of shared schemas: Level0 -> Level1 -> ... -> Level7 -> Level0 (a cycle).
const fanout = process.argv.includes('--fanout');
for (let l = 0; l < 8; l++) {
  schemas[`Level${l}`] = {
    type: 'object',
    description: para(),
    properties: {
      id: { type: 'string', format: 'uuid', readOnly: true },
      label: { type: 'string', description: para() },
      weight: { type: 'integer', description: para() },
      tags: { type: 'array', items: { type: 'string', maxLength: 40 } },
      next: { $ref: `#/components/schemas/Level${(l + 1) % 8}` },
      owner: { $ref: '#/components/schemas/User' },
    },
  };
  if (fanout && l < 6) schemas[`Level${l}`].properties.alt = { $ref: `#/components/schemas/Level${l + 2}` };
  if (fanout && l === 7) delete schemas[`Level${l}`].properties.next;
}
schemas.Address = { type: 'object', additionalProperties: false, properties: { line1: { type: 'string', maxLength: 200 }, city: { type: 'string', maxLength: 100 }, country: { type: 'string', pattern: '^[A-Z]{2}$' } } };
schemas.Money = { type: 'object', properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string', enum: ['eur', 'usd', 'gbp'] } } };
schemas.User = { type: 'object', properties: { id: { type: 'integer', readOnly: true }, email: { type: 'string', format: 'email' }, password_hash: { type: 'string' }, manager: { $ref: '#/components/schemas/User' }, address: { $ref: '#/components/schemas/Address' }, profile: { $ref: '#/components/schemas/Level0' } } };
schemas.Error = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string', description: para() } } };

const paths = {};
for (let r = 0; r < 100; r++) {
  const name = `${pick(WORDS)}${r}`;
  const Model = `Resource${r}`;
  const props = {};
  for (let p = 0; p < 36; p++) {
    const kind = p % 6;
    const key = `${pick(WORDS)}_${p}`;
    props[key] =
      kind === 0 ? { type: 'string', description: para(), example: sentence(4) }
      : kind === 1 ? { type: 'integer', format: 'int64', description: para() }
      : kind === 2 ? { $ref: '#/components/schemas/Money' }
      : kind === 3 ? { type: 'array', description: para(), items: { $ref: `#/components/schemas/Level${p % 8}` } }
      : kind === 4 ? { type: 'object', description: para(), additionalProperties: { type: 'string' } }
      : { $ref: '#/components/schemas/Address' };
  }
  props.callback_url = { type: 'string', description: 'Where we notify you.' };
  props.owner = { $ref: '#/components/schemas/User' };
  schemas[Model] = { type: 'object', description: para(), properties: props };
  const idParam = { name: 'id', in: 'path', required: true, description: para(), schema: { type: r % 3 === 0 ? 'integer' : 'string' } };
  const errors = {
    '400': { description: para(), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    '404': { description: para(), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  };
  const ok = (schema) => ({ description: para(), content: { 'application/json': { schema, example: { note: sentence(30) } } } });
  paths[`/${name}s`] = {
    get: { operationId: `list${Model}`, tags: [name], summary: sentence(6), description: para(), parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } }, { name: 'q', in: 'query', schema: { type: 'string' } }], responses: { '200': ok({ type: 'object', properties: { data: { type: 'array', items: { $ref: `#/components/schemas/${Model}` } }, has_more: { type: 'boolean' } } }), ...errors } },
    post: { operationId: `create${Model}`, tags: [name], summary: sentence(6), description: para(), requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${Model}` } } } }, responses: { '201': ok({ $ref: `#/components/schemas/${Model}` }), ...errors } },
  };
  paths[`/${name}s/{id}`] = {
    parameters: [idParam],
    get: { operationId: `get${Model}`, tags: [name], summary: sentence(6), description: para(), responses: { '200': ok({ $ref: `#/components/schemas/${Model}` }), ...errors } },
    patch: { operationId: `update${Model}`, tags: [name], summary: sentence(6), description: para(), requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${Model}` } } } }, responses: { '200': ok({ $ref: `#/components/schemas/${Model}` }), ...errors } },
    delete: { operationId: `delete${Model}`, tags: [name], summary: sentence(6), description: para(), ...(r % 10 === 0 ? { security: [] } : {}), responses: { '204': { description: para() }, ...errors } },
  };
}
const doc = {
  openapi: '3.0.3',
  info: { title: 'Generated benchmark API', version: '1.0.0', description: para() },
  servers: [{ url: 'https://api.example.com/v1' }, { url: 'http://legacy.example.com/v1' }],
  security: [{ basicAuth: [] }, { key: [] }],
  paths,
  components: {
    schemas,
    securitySchemes: {
      basicAuth: { type: 'http', scheme: 'basic' },
      key: { type: 'apiKey', in: 'query', name: 'api_key' },
      jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    },
  },
};
const out = process.argv[2] ?? 'generated.yaml';
const text = stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
writeFileSync(out, text);
console.log(`${out}: ${(text.length / 1048576).toFixed(1)} MB, ${Object.values(paths).reduce((n, p) => n + Object.keys(p).filter((k) => k !== 'parameters').length, 0)} operations`);
