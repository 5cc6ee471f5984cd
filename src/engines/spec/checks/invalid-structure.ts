import { isRef, type SpecPlace } from '../../../surface/refs.js';
import { defineSpecCheck } from '../define.js';
import { select } from '../select.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const IN_3 = new Set(['path', 'query', 'header', 'cookie']);
const IN_2 = new Set(['path', 'query', 'header', 'body', 'formData']);
const TYPES_3 = new Set(['apiKey', 'http', 'oauth2', 'openIdConnect', 'mutualTLS']);
const TYPES_2 = new Set(['basic', 'apiKey', 'oauth2']);
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const at = (p: SpecPlace, ...keys: string[]) => ({ file: p.file, pointer: [p.pointer, ...keys.map(esc)].join('/') });
const paramAt = (base: SpecPlace, i: number) => at(base, 'parameters', String(i));

/** A responses object with a key other than an extension (`x-...`). */
function hasStatusKey(responses: Obj): boolean {
  // for-in stops at the first status, with no key array (plain objects of the parsed document).
  for (const k in responses) if (!k.startsWith('x-')) return true;
  return false;
}

export default defineSpecCheck({
  meta: {
    id: 'spec/invalid-structure',
    title: 'OpenAPI structural error',
    severity: 'medium',
    confidence: 'high',
    domain: 'misconfiguration',
    owasp: ['API9:2023'],
    cwe: ['CWE-1068'],
    description:
      'The document breaks a rule of the OpenAPI specification: a missing `info`, `paths` or `responses`, a path parameter that is not declared or not required, a duplicate operationId or parameter, an unknown parameter location or security scheme type, a server variable without a definition. Gateways, validators and code generators then disagree on what the API is, and security rules attached to the broken parts silently do nothing. The rest of the document is still audited.',
    remediation: 'Fix the document so it validates against the OpenAPI specification of its version (and keep it validated in CI).',
    references: ['https://spec.openapis.org/oas/v3.1.0', 'https://swagger.io/specification/v2/'],
    messages: {
      noInfo: 'The document has no info object.',
      noTitle: 'info has no title.',
      noPaths: 'The document has no paths.',
      badPath: 'Path "{path}" does not start with "/".',
      undeclaredPathParam: '{op} uses path parameter "{name}" without declaring it.',
      unusedPathParam: 'Path parameter "{name}" of {op} does not appear in the path.',
      pathParamNotRequired: 'Path parameter "{name}" of {op} must be `required: true`.',
      noResponses: '{op} declares no responses.',
      responseNoDescription: 'Response {status} of {op} has no description.',
      badParameter: 'A parameter of {op} has no name or an unknown location ({in}).',
      duplicateParameter: '{op} declares parameter "{name}" in {in} twice.',
      duplicateOperationId: 'operationId "{id}" is used by {op} and {other}.',
      bodyNoContent: 'The request body of {op} has no content.',
      badSchemeType: 'Security scheme "{name}" has the unknown type "{type}".',
      serverVariableUndefined: 'Server {url} uses the variable "{name}", which it does not define.',
    },
  },
  category: 'structure',
  detect(doc, report) {
    const raw = doc.raw;
    const v2 = doc.version === '2.0';
    if (!isObj(raw.info)) report({ at: '', messageId: 'noInfo' });
    else if (typeof raw.info.title !== 'string' || raw.info.title === '') report({ at: '/info', messageId: 'noTitle' });
    if (!isObj(raw.paths) && (doc.version !== '3.1' || (!isObj(raw.webhooks) && !isObj(raw.components)))) report({ at: '', messageId: 'noPaths' });
    if (isObj(raw.paths)) for (const path of Object.keys(raw.paths)) if (!path.startsWith('/') && !path.startsWith('x-')) report({ at: `/paths/${esc(path)}`, messageId: 'badPath', data: { path } });

    const ids = new Map<string, string>();
    // The parameters of each path item, by file and pointer, read once: operations share path items
    // (500 operations, 200 path items on the generated document), and each read walks a pointer.
    const itemParameters = new Map<string, Map<string, unknown>>();
    const parametersOf = (item: SpecPlace): unknown => {
      let byPointer = itemParameters.get(item.file);
      if (byPointer === undefined) itemParameters.set(item.file, (byPointer = new Map()));
      let list = byPointer.get(item.pointer);
      if (list === undefined && !byPointer.has(item.pointer)) {
        list = doc.spec.get(item.file, `${item.pointer}/parameters`);
        byPointer.set(item.pointer, list);
      }
      return list;
    };
    for (const a of doc.operations) {
      const op = { op: a.label };
      const id = a.op.operationId;
      if (id !== undefined) {
        const other = ids.get(id);
        if (other !== undefined) report({ at: at(a.place, 'operationId'), messageId: 'duplicateOperationId', data: { id, op: a.label, other } });
        else ids.set(id, a.label);
      }
      // Raw parameters of the path item and of the operation, each list checked on its own.
      const itemPlace = { file: a.place.file, pointer: a.place.pointer.slice(0, a.place.pointer.lastIndexOf('/')) };
      const declaredPath = new Set<string>();
      for (let b = 0; b < 2; b++) {
        const base = b === 0 ? itemPlace : a.place;
        // a.raw is the value at a.place (or {} when that is no object): its parameters are the
        // ones at `${a.place.pointer}/parameters`, without reading the pointer again.
        const list = b === 0 ? parametersOf(base) : Object.hasOwn(a.raw, 'parameters') ? a.raw.parameters : undefined;
        if (!Array.isArray(list)) continue;
        const inList = new Set<string>();
        for (let i = 0; i < list.length; i++) {
          const p: unknown = list[i];
          // Only a `$ref` needs its place to be resolved; the others are placed when reported.
          const t = isRef(p) ? doc.spec.deref(p, at(base, 'parameters', String(i))) : undefined;
          const param = t ? t.value : p;
          if (!isObj(param)) continue;
          const where = typeof param.in === 'string' ? param.in : '';
          if (typeof param.name !== 'string' || !(v2 ? IN_2 : IN_3).has(where)) {
            report({ at: t ?? paramAt(base, i), messageId: 'badParameter', data: { ...op, in: where || 'none' } });
            continue;
          }
          const k = `${where}:${param.name}`;
          if (inList.has(k)) report({ at: t ?? paramAt(base, i), messageId: 'duplicateParameter', data: { ...op, name: param.name, in: where } });
          inList.add(k);
          if (where !== 'path') continue;
          declaredPath.add(param.name);
          if (param.required !== true) report({ at: t ?? paramAt(base, i), messageId: 'pathParamNotRequired', data: { ...op, name: param.name } });
          if (!a.op.path.includes(`{${param.name}}`)) report({ at: t ?? paramAt(base, i), messageId: 'unusedPathParam', data: { ...op, name: param.name } });
        }
      }
      if (a.op.path.includes('{')) {
        for (const m of a.op.path.matchAll(/\{([^}]+)\}/g)) {
          if (!declaredPath.has(m[1]!)) report({ at: a.place, messageId: 'undeclaredPathParam', data: { ...op, name: m[1] }, key: m[1] });
        }
      }
      const responses = a.raw.responses;
      // The model lists the object responses among these (a.raw is the operation it was read
      // from), so a non-empty list already proves a status key; else look at the keys.
      if (!isObj(responses) || (a.op.responses.length === 0 && !hasStatusKey(responses))) {
        if (doc.version !== '3.1') report({ at: a.place, messageId: 'noResponses', data: op });
      }
      const resps = a.op.responses;
      for (let i = 0; i < resps.length; i++) {
        const r = resps[i]!;
        if (r.description === undefined) report({ at: { file: r.file ?? doc.rootFile, pointer: r.pointer! }, messageId: 'responseNoDescription', data: { ...op, status: r.status } });
      }
      if (!v2 && a.raw.requestBody !== undefined) {
        const t = doc.spec.deref(a.raw.requestBody, at(a.place, 'requestBody'));
        if (isObj(t.value) && !isObj(t.value.content)) report({ at: t, messageId: 'bodyNoContent', data: op });
      }
    }

    const schemes = v2 ? '$.securityDefinitions[*]' : '$.components.securitySchemes[*]';
    for (const m of select(doc, schemes)) {
      const type = isObj(m.value) ? m.value.type : undefined;
      if (typeof type !== 'string' || !(v2 ? TYPES_2 : TYPES_3).has(type)) report({ at: m, messageId: 'badSchemeType', data: { name: m.key, type: String(type) } });
    }
    if (!v2) {
      for (const given of ['$.servers[*]', '$.paths[*].servers[*]', `$.paths[*][${METHODS.join(',')}].servers[*]`]) {
        for (const m of select(doc, given)) {
          if (!isObj(m.value) || typeof m.value.url !== 'string') continue;
          const vars = isObj(m.value.variables) ? m.value.variables : {};
          for (const v of m.value.url.matchAll(/\{([^}]+)\}/g)) {
            if (!Object.hasOwn(vars, v[1]!)) report({ at: at(m, 'url'), messageId: 'serverVariableUndefined', data: { url: m.value.url, name: v[1] }, key: v[1] });
          }
        }
      }
    }
  },
});
