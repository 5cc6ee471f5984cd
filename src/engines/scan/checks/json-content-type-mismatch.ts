import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import { isJsonType, isSuccess, mediaTypeOf, parseJson } from '../evaluate.js';

const meta = {
  id: 'scan/json-content-type-mismatch',
  title: 'JSON served without a JSON content type',
  severity: 'medium',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-436'],
  description:
    'Reports responses whose body is JSON but whose Content-Type is missing or not a JSON type; served as `text/html`, strings in the JSON become markup a browser renders (XSS).',
  remediation: 'Serialize responses with the framework\'s JSON helper so they go out as `application/json` (and add `X-Content-Type-Options: nosniff`).',
  references: ['https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#send-safe-response-content-types'],
  messages: {
    mismatch: 'The JSON response is served as "{contentType}".',
  },
} as const;

/** The wrong content type of a JSON body (undefined when fine). Pure. */
export function jsonTypeProblem(res: Pick<HttpResponse, 'headers' | 'status' | 'body'>): string | undefined {
  if (!isSuccess(res)) return undefined;
  const v = parseJson(res.body);
  if (v === undefined || v === null || typeof v !== 'object') return undefined;
  const mt = mediaTypeOf(res);
  if (isJsonType(mt)) return undefined;
  return mt || '(none)';
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  plan: () => ({ requests: 0, writes: false }),
  async run(op, ctx, report) {
    const res = await ctx.baseline(op);
    const problem = res && jsonTypeProblem(res);
    if (res && problem) report({ messageId: 'mismatch', data: { contentType: problem }, exchanges: [{ response: res, label: 'baseline' }] });
  },
});
