import type { HttpResponse } from '../../../http/types.js';
import type { Operation, Schema } from '../../../surface/model.js';
import { defineScanCheck } from '../define.js';
import { isSuccess, parseJson } from '../evaluate.js';

const meta = {
  id: 'scan/undeclared-response-fields',
  title: 'Response has fields the spec does not declare',
  severity: 'low',
  confidence: 'medium',
  domain: 'data-exposure',
  owasp: ['API3:2023'],
  cwe: ['CWE-213'],
  description:
    'Compares JSON responses with the response schema of the operation and reports properties the schema does not declare: data the API returns without anyone having decided to publish it.',
  remediation: 'Return explicit response models; when a field is meant to be public, declare it in the OpenAPI document.',
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/'],
  messages: {
    undeclared: 'The {status} response has {count} undeclared field(s): {fields}.',
  },
} as const;

type S = Record<string, unknown>;

function objectSchema(s: Schema | undefined, depth = 0): S | undefined {
  if (!s || depth > 5) return undefined;
  const x = s as S;
  if (Array.isArray(x.allOf)) {
    const props: S = {};
    let closed = false;
    for (const part of x.allOf as Schema[]) {
      const o = objectSchema(part, depth + 1);
      if (o) Object.assign(props, o.properties as S);
      else closed = true;
    }
    return closed ? undefined : { properties: props };
  }
  if (x.oneOf || x.anyOf) return undefined;
  if (x.properties && typeof x.properties === 'object' && x.additionalProperties !== true && !(typeof x.additionalProperties === 'object' && x.additionalProperties !== null)) return x;
  return undefined;
}

/**
 * Properties of `value` that `schema` does not declare, as JSON paths. Objects that share fewer
 * than half of the declared properties are not judged (they are not the declared response). Pure.
 */
export function undeclaredFields(value: unknown, schema: Schema | undefined, path = '$', depth = 0, out: string[] = []): string[] {
  if (depth > 6 || out.length > 50 || !schema) return out;
  const s = schema as S;
  if (Array.isArray(value)) {
    if (s.items) for (const v of value.slice(0, 20)) undeclaredFields(v, s.items as Schema, `${path}[]`, depth + 1, out);
    return [...new Set(out)];
  }
  if (value === null || typeof value !== 'object') return out;
  const obj = objectSchema(schema);
  if (!obj) return out;
  const props = obj.properties as Record<string, Schema>;
  const declared = Object.keys(props);
  const keys = Object.keys(value as S);
  const shared = keys.filter((k) => declared.includes(k)).length;
  if (declared.length === 0 || shared < Math.ceil(declared.length / 2)) return out;
  for (const k of keys) {
    if (!declared.includes(k)) out.push(`${path}.${k}`);
    else undeclaredFields((value as S)[k], props[k], `${path}.${k}`, depth + 1, out);
  }
  return [...new Set(out)];
}

/** The declared JSON schema for a response status of an operation. Pure. */
export function responseSchema(op: Operation, status: number): Schema | undefined {
  const r = op.responses.find((x) => x.status === String(status)) ?? op.responses.find((x) => x.status.toUpperCase() === `${String(status)[0]}XX`);
  return r?.content.find((c) => /json/i.test(c.mediaType))?.schema;
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  appliesTo: (op) => op.responses.some((r) => r.content.some((c) => c.schema)),
  plan: () => ({ requests: 0, writes: false }),
  async run(op, ctx, report) {
    const res: HttpResponse | undefined = await ctx.baseline(op);
    if (!res || !isSuccess(res)) return;
    const schema = responseSchema(op, res.status);
    const json = parseJson(res.body);
    if (!schema || json === undefined) return;
    const fields = undeclaredFields(json, schema);
    if (fields.length === 0) return;
    report({
      messageId: 'undeclared',
      data: { status: res.status, count: fields.length, fields: fields.slice(0, 10).join(', ') },
      facts: { fields },
      exchanges: [{ response: res, label: 'baseline' }],
    });
  },
});
