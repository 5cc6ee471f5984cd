import { defineSpecCheck } from '../define.js';
import { select } from '../select.js';

const METHODS = 'get,put,post,delete,options,head,patch,trace';
/** Host labels that name a non-production environment. */
const ENV_LABEL = /^(dev|develop|development|stage|staging|stg|test|testing|qa|uat|preprod|pre-prod|int|internal|local|localhost|debug)(\d+)?$/i;
const PRIVATE_IP = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.0\.0\.0$|\[?::1\]?$)/;

/** The environment a server URL names, if it is not production. */
export function environmentOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+|\[[^\]]+\])/i.exec(url);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  if (PRIVATE_IP.test(host)) return 'a private or loopback address';
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.localhost')) return `the ${host.slice(host.lastIndexOf('.'))} domain`;
  const label = host.split(/[.-]/).find((l) => ENV_LABEL.test(l));
  return label ? `"${label}"` : undefined;
}

export default defineSpecCheck({
  meta: {
    id: 'spec/non-production-server',
    title: 'Server for a non-production environment',
    severity: 'low',
    confidence: 'medium',
    domain: 'inventory',
    owasp: ['API9:2023'],
    cwe: ['CWE-1059'],
    description:
      'A server URL names a development, test, staging or internal host (or a private address). Published non-production environments are usually less protected (debug on, test accounts, old versions) and are easy to forget in the inventory.',
    remediation: 'Publish production servers only; keep other environments in a separate, internal document, and retire environments nobody needs.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/', 'https://spec.openapis.org/oas/v3.1.0#server-object'],
    messages: { nonProduction: 'Server {url} looks like a non-production environment ({env}).' },
  },
  category: 'inventory',
  formats: ['3.0', '3.1'],
  detect(doc, report) {
    for (const given of ['$.servers[*].url', '$.paths[*].servers[*].url', `$.paths[*][${METHODS}].servers[*].url`]) {
      for (const m of select(doc, given)) {
        if (typeof m.value !== 'string') continue;
        const env = environmentOf(m.value);
        if (env) report({ at: m, messageId: 'nonProduction', data: { url: m.value, env } });
      }
    }
  },
});
