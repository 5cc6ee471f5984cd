import { defineSpecCheck } from '../define.js';
import { hasType, typesOf } from '../doc.js';

type Obj = Readonly<Record<string, unknown>>;

/** An object schema with declared properties that does not close itself (keysOf: the document's). */
function isOpenObject(node: Obj, keysOf: (o: object) => readonly string[]): boolean {
  const isObject = hasType(node, 'object') || (typesOf(node).length === 0 && node.properties !== undefined);
  if (!isObject) return false;
  if (node.additionalProperties === false || node.unevaluatedProperties === false) return false;
  // A map (additionalProperties is a schema) is judged by spec/map-unbounded.
  if (node.additionalProperties !== undefined && node.additionalProperties !== true) return false;
  if (node.unevaluatedProperties !== undefined && node.unevaluatedProperties !== true) return false;
  // Closing a part of a composition breaks the composition (OpenAPI 3.0); the parts are not judged.
  if (Array.isArray(node.allOf) || Array.isArray(node.oneOf) || Array.isArray(node.anyOf)) return false;
  const props = node.properties;
  // The walk listed these keys already (doc.keysOf); a for-in would list them again.
  return props !== null && typeof props === 'object' && keysOf(props).length > 0;
}

export default defineSpecCheck({
  meta: {
    id: 'spec/additional-properties-allowed',
    title: 'Object schema allows undeclared properties',
    severity: 'medium',
    confidence: 'medium',
    domain: 'data-exposure',
    owasp: ['API3:2023'],
    cwe: ['CWE-915'],
    description:
      'An object schema with declared properties that omits `additionalProperties: false` (or sets it to `true`) accepts any other property. In a request, a validator lets `role` or `isAdmin` through to code that binds the body to a model (mass assignment); in a response, fields that should never leave the server go unnoticed. Most rulesets only flag an explicit `additionalProperties: true`; omitting it is the common case. Parts of `allOf`/`oneOf`/`anyOf` compositions are not reported (closing them breaks the composition in OpenAPI 3.0; use `unevaluatedProperties: false` in 3.1).',
    remediation: 'Add `additionalProperties: false` to object schemas (`unevaluatedProperties: false` for composed schemas in OpenAPI 3.1) and validate bodies against them.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/', 'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html'],
    messages: {
      request: 'Request schema used by {op} accepts properties it does not declare (no `additionalProperties: false`): mass-assignment risk.',
      response: 'Response schema used by {op} allows properties it does not declare (no `additionalProperties: false`): leaked fields go unnoticed.',
    },
  },
  category: 'data-exposure',
  detect(doc, report) {
    // Only the nodes whose properties are an object (walkSchemas' `properties`): isOpenObject
    // asks for that too.
    const reported = new Set<object>();
    doc.walkSchemas('request', (node, info) => {
      if (info.inComposition || !isOpenObject(node, doc.keysOf)) return;
      reported.add(node);
      report({ at: info.place ?? info.op.place, messageId: 'request', data: { op: info.op.label }, severity: 'medium', op: info.op });
    }, 'properties');
    doc.walkSchemas('response', (node, info) => {
      if (info.inComposition || reported.has(node) || !isOpenObject(node, doc.keysOf)) return;
      report({ at: info.place ?? info.op.place, messageId: 'response', data: { op: info.op.label }, severity: 'low', op: info.op });
    }, 'properties');
  },
});
