import { defineCodeCheck, taintReport } from '../define.js';

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/ssrf',
    title: 'Server-side request to a URL taken from request input',
    severity: 'high',
    confidence: 'medium',
    domain: 'injection',
    owasp: ['API7:2023'],
    cwe: ['CWE-918'],
    description: 'Request input decides the host of an outgoing request (fetch, axios, got, http.get, undici, needle, requests, httpx, urllib). Input placed after a fixed scheme and host (`https://api.example.com/users/${id}`) is not reported.',
    remediation: 'Do not let clients choose the host: map a key to a configured URL, or parse the URL and compare its host against an allow-list, and block internal address ranges.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html', 'https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/'],
    messages: { tainted: '{source} chooses the URL requested by {sink}.' },
  },
  sanitisers: ['numeric conversion', 'a fixed scheme and host before the input', 'allow-list checks', 'startsWith checks that reject other values'],
  sinks: [
    { kind: 'ssrf', what: 'outgoing request', names: ['fetch', 'got', 'axios', 'request', 'needle', 'superagent'], callee: /^(fetch|got|axios|request|needle|superagent|undici\.fetch|undici\.request|nodeFetch)$/, args: [0], langs: ['js'] },
    { kind: 'ssrf', what: 'outgoing request', names: ['get', 'post', 'put', 'patch', 'delete', 'head', 'request'], callee: /^(axios|got|http|https|needle|superagent|undici|request|client|httpClient)\.(get|post|put|patch|delete|head|request)$/, args: [0], langs: ['js'] },
    { kind: 'ssrf', what: 'outgoing request', names: ['get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'urlopen', 'Request', 'stream'], callee: /^(requests|httpx|session|client|http|urllib\.request|urllib2|aiohttp\.ClientSession\(\)|urlopen|Request)(\.(get|post|put|patch|delete|head|request|urlopen|Request|stream))?$/, args: [0], kw: ['url'], langs: ['py'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
