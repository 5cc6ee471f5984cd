import type { Schema } from '../../../surface/model.js';
import { defineSpecCheck } from '../define.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The schemas whose `properties` are an object schema's top-level ones: itself, its allOf parts and one level of array items, in order. */
function propertySources(schema: Obj | undefined, out: Obj[], depth = 0): Obj[] {
  if (!schema || depth > 4) return out;
  if (isObj(schema.properties)) out.push(schema);
  const allOf = schema.allOf;
  if (Array.isArray(allOf)) {
    for (let i = 0; i < allOf.length; i++) {
      const s = allOf[i];
      if (isObj(s)) propertySources(s, out, depth + 1);
    }
  }
  if (isObj(schema.items) && depth === 0) propertySources(schema.items, out, depth + 1);
  return out;
}

/**
 * Call `fn` with each top-level property of an object schema (through allOf and one level of
 * array items), the first definition of each name only, in order. No Map of entries or iterators:
 * the check asks this of every body and 2xx response.
 */
function eachTopProperty(schema: Schema | undefined, keysOf: (o: object) => readonly string[], fn: (name: string, parent: Obj, prop: Obj) => void): void {
  const sources = propertySources(schema, []);
  // One properties object cannot name a property twice; several (allOf) can.
  const seen = sources.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < sources.length; i++) {
    const parent = sources[i]!;
    const props = parent.properties as Obj;
    // The document's key list (doc.keysOf): large properties objects are slow to enumerate.
    const names = keysOf(props);
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      const prop = props[name];
      if (!isObj(prop)) continue;
      if (seen) {
        if (seen.has(name)) continue;
        seen.add(name);
      }
      fn(name, parent, prop);
    }
  }
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
    // The readOnly top-level names of each response schema, listed once per schema: responses
    // share schemas (on the generated document, 400 2xx contents name 200).
    const readOnlyOf = new Map<object, string[]>();
    const readOnly = new Map<string, Set<string>>();
    for (const a of doc.operations) {
      const responses = a.op.responses;
      let r: string | undefined;
      for (let j = 0; j < responses.length; j++) {
        const resp = responses[j]!;
        if (resp.status.charCodeAt(0) !== 50 /* '2' */) continue;
        for (let i = 0; i < resp.content.length; i++) {
          const schema = resp.content[i]!.schema;
          if (!schema) continue;
          let names = readOnlyOf.get(schema);
          if (names === undefined) {
            const found: string[] = [];
            eachTopProperty(schema, doc.keysOf, (name, _parent, prop) => {
              if (prop.readOnly === true) found.push(name);
            });
            readOnlyOf.set(schema, found);
            names = found;
          }
          if (names.length === 0) continue;
          r ??= resourceOf(a.op.path);
          let set = readOnly.get(r);
          if (set === undefined) readOnly.set(r, (set = new Set<string>()));
          for (let k = 0; k < names.length; k++) set.add(names[k]!);
        }
      }
    }
    for (const a of doc.operations) {
      if (!a.isWrite || a.op.method === 'DELETE' || !a.op.requestBody) continue;
      const r = resourceOf(a.op.path);
      const names = readOnly.get(r);
      if (!names) continue;
      for (const c of a.op.requestBody.content) {
        eachTopProperty(c.schema, doc.keysOf, (name, parent, prop) => {
          if (!names.has(name) || prop.readOnly === true) return;
          report({ at: doc.propertyPlace(parent, name) ?? a.place, messageId: 'writable', data: { op: a.label, name, resource: r }, op: a });
        });
      }
    }
  },
});
