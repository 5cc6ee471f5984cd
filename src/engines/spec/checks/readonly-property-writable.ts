import type { Schema } from '../../../surface/model.js';
import { defineSpecCheck } from '../define.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Top-level properties of an object schema, through allOf and one level of array items. */
function topProperties(schema: Schema | undefined, out = new Map<string, { parent: Obj; prop: Obj }>(), depth = 0): Map<string, { parent: Obj; prop: Obj }> {
  if (!schema || depth > 4) return out;
  const props = schema.properties;
  if (isObj(props)) {
    for (const name of Object.keys(props)) {
      const prop = props[name];
      if (isObj(prop) && !out.has(name)) out.set(name, { parent: schema, prop });
    }
  }
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) if (isObj(s)) topProperties(s, out, depth + 1);
  if (isObj(schema.items) && depth === 0) topProperties(schema.items, out, depth + 1);
  return out;
}

/** `/users/{id}` and `/users` are one resource. */
const resourceOf = (path: string) => path.replace(/\/\{[^}]+\}\/?$/, '');

export default defineSpecCheck({
  meta: {
    id: 'spec/readonly-property-writable',
    title: 'Read-only property accepted by a write operation',
    severity: 'medium',
    confidence: 'medium',
    domain: 'authorization',
    owasp: ['API3:2023'],
    cwe: ['CWE-915'],
    description:
      'The responses of a resource mark a property `readOnly: true` (the server owns it), yet a create or update operation of the same resource accepts that property in its request body without `readOnly`: clients can overwrite what the server means to control.',
    remediation: 'Drop the property from the request schema, or reuse the response schema so `readOnly: true` applies; make the server ignore it on input.',
    references: ['https://spec.openapis.org/oas/v3.1.0#fixed-fields-19', 'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/'],
    messages: { writable: '{op} accepts "{name}", which the responses of {resource} mark readOnly.' },
  },
  category: 'authorization',
  detect(doc, report) {
    const readOnly = new Map<string, Set<string>>();
    for (const a of doc.operations) {
      const r = resourceOf(a.op.path);
      for (const resp of a.op.responses) {
        if (!/^2/.test(resp.status)) continue;
        for (const c of resp.content) {
          for (const [name, { prop }] of topProperties(c.schema)) {
            if (prop.readOnly !== true) continue;
            const set = readOnly.get(r) ?? new Set<string>();
            set.add(name);
            readOnly.set(r, set);
          }
        }
      }
    }
    for (const a of doc.operations) {
      if (!a.isWrite || a.op.method === 'DELETE' || !a.op.requestBody) continue;
      const r = resourceOf(a.op.path);
      const names = readOnly.get(r);
      if (!names) continue;
      for (const c of a.op.requestBody.content) {
        for (const [name, { parent, prop }] of topProperties(c.schema)) {
          if (!names.has(name) || prop.readOnly === true) continue;
          report({ at: doc.propertyPlace(parent, name) ?? a.place, messageId: 'writable', data: { op: a.label, name, resource: r }, op: a });
        }
      }
    }
  },
});
