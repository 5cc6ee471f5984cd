import { formatMessage } from '../../../core/check.js';
import { defineScanCheck } from '../define.js';
import type { EvidenceExchange, HttpResponse, ScanContext, ScanReporter } from '../define.js';
import type { InjectionScanCheck } from '../injection/adapter.js';
import type { InjectionCheck, OperationContext } from '../injection/check.js';
import { DEFAULT_INJECTION_OPTIONS } from '../injection/check.js';
import { Inconclusive, Prober, exchangeOf } from '../injection/probe.js';
import type { Transport } from '../injection/probe.js';
import type { InjectionPoint, ProbeOutcome, ProbeRequest } from '../injection/types.js';
import { literalFor, selectionFor } from '../graphql/query.js';
import type { GqlField, GqlSchema } from '../graphql/schema.js';
import { isRequired, namedType, printType, rootFields } from '../graphql/schema.js';
import type { GqlTarget } from '../graphql/target.js';
import { graphqlTarget } from '../graphql/target.js';
import ldapInjection from './ldap-injection.js';
import nosqlInjection from './nosql-injection.js';
import osCommandInjection from './os-command-injection.js';
import pathTraversal from './path-traversal.js';
import serverSideTemplateInjection from './server-side-template-injection.js';
import sqlInjection from './sql-injection.js';

/** The scan's injection checks whose payloads make sense in a GraphQL argument value. */
const INNER: readonly InjectionScanCheck[] = [sqlInjection, nosqlInjection, osCommandInjection, serverSideTemplateInjection, pathTraversal, ldapInjection];

const meta = {
  id: 'scan/graphql-injection',
  title: 'Injection through GraphQL arguments',
  severity: 'critical',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-74', 'CWE-89', 'CWE-943', 'CWE-78', 'CWE-1336', 'CWE-22', 'CWE-90'],
  description:
    "Runs the scan's injection checks (SQL, NoSQL, OS command, template, path traversal, LDAP) on GraphQL arguments: each String or ID argument of the schema's queries (and of its mutations with --allow-destructive) is sent as a variable (or as a literal in the document, option `argumentStyle`), and the same payloads and the same proofs (errors, true/false pairs, delays) as for REST parameters decide.",
  remediation:
    'Treat GraphQL arguments as untrusted input in resolvers: bind them as query parameters, never build SQL, shell, template, file path or LDAP text from them; validate them with custom scalars or input validation.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#input-validation',
    'https://cwe.mitre.org/data/definitions/74.html',
  ],
  messages: {
    injected: '{kind} through the argument {arg} of {field} at {path}: {detail}',
  },
} as const;

function toOutcome(r: HttpResponse): ProbeOutcome {
  if (r.status > 0 && !r.error) return { ok: true, status: r.status, headers: r.headers, body: r.body, timeMs: r.timeMs, source: r };
  const code = r.error?.code ?? 'other';
  const reason = code === 'timeout' || code === 'connect-timeout' ? 'timeout' : code === 'protocol' ? 'garbage' : code === 'out-of-scope' ? 'scope' : code.startsWith('connection') ? 'connection' : 'other';
  return { ok: false, reason, message: r.error?.message ?? `status ${r.status}`, timeMs: r.timeMs, source: r };
}

const STRINGISH = new Set(['String', 'ID']);

/** A starting value for an argument: an account name for user-like arguments, else a neutral word. */
function startValue(ctx: ScanContext, name: string, type: string): string {
  const user = ctx.identities.find((i) => i.username)?.username;
  if (/mail/i.test(name)) return `${user ?? 'rampart'}@example.com`;
  if (/user|name|login|owner|author/i.test(name) && user) return user;
  if (type === 'ID' || /id$/i.test(name)) return ctx.harvested()[0] ?? '1';
  return 'rampart';
}

/** The field called with its String/ID arguments as variables; the others filled with literals. Pure but for startValue. */
export function fieldRequest(schema: GqlSchema, f: GqlField, root: 'query' | 'mutation', values: (arg: string, type: string) => string): { query: string; variables: Record<string, string>; vars: { arg: string; variable: string }[] } | undefined {
  const defs: string[] = [];
  const args: string[] = [];
  const variables: Record<string, string> = {};
  const vars: { arg: string; variable: string }[] = [];
  for (const a of f.args) {
    const ty = namedType(a.type);
    if (STRINGISH.has(ty) && vars.length < 4) {
      const v = `v${vars.length}`;
      defs.push(`$${v}: ${printType(a.type)}`);
      args.push(`${a.name}: $${v}`);
      variables[v] = values(a.name, ty);
      vars.push({ arg: a.name, variable: v });
    } else if (isRequired(a.type)) args.push(`${a.name}: ${literalFor(schema, a.type)}`);
  }
  if (vars.length === 0) return undefined;
  const sel = selectionFor(schema, namedType(f.type), 1);
  return { query: `${root} (${defs.join(', ')}) { ${f.name}(${args.join(', ')})${sel ? ` ${sel}` : ''} }`, variables, vars };
}

/**
 * The wire body with string variables written into the document as literals (`name: "alice'"`)
 * instead of `$v0`: the same payloads as argument values. Other values stay variables. Pure.
 */
export function inlineVariables(body: string): string {
  let j: { query?: unknown; variables?: Record<string, unknown> };
  try {
    j = JSON.parse(body) as typeof j;
  } catch {
    return body;
  }
  if (typeof j.query !== 'string' || !j.variables) return body;
  let query = j.query;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(j.variables)) {
    if (typeof v !== 'string') {
      rest[k] = v;
      continue;
    }
    // drop the definition `$k: Type`, then put the literal where `$k` is used
    query = query.replace(new RegExp(`\\$${k}\\s*:\\s*[\\w\\[\\]!]+\\s*,?\\s*`), '').replace(new RegExp(`\\$${k}\\b`, 'g'), () => JSON.stringify(v));
  }
  query = query.replace(/^(query|mutation)\s*\(\s*\)/, '$1');
  return JSON.stringify({ query, ...(Object.keys(rest).length > 0 ? { variables: rest } : {}) });
}

async function testField(ctx: ScanContext, t: GqlTarget, f: GqlField, root: 'query' | 'mutation', report: ScanReporter, literal: boolean): Promise<void> {
  const req = fieldRequest(t.schema!, f, root, (arg, type) => startValue(ctx, arg, type));
  if (!req) return;
  const url = new URL(t.endpoint.url);
  const base: ProbeRequest = {
    method: 'POST',
    pathTemplate: url.pathname,
    pathParams: {},
    query: [...url.searchParams],
    headers: {},
    fixedHeaders: { accept: 'application/json' },
    cookies: [],
    body: { kind: 'json', value: { query: req.query, variables: req.variables } },
  };
  const delayS = typeof ctx.options.delaySeconds === 'number' ? ctx.options.delaySeconds : DEFAULT_INJECTION_OPTIONS.delayS;
  const transport: Transport = async (wire) => {
    const body = wire.body !== undefined && literal ? inlineVariables(wire.body) : wire.body;
    return toOutcome(await ctx.send({ method: wire.method, url: `${url.origin}${wire.target}`, headers: wire.headers, ...(body !== undefined ? { body } : {}), followRedirects: false, timeoutMs: (delayS + 15) * 1000, maxBytes: 512 * 1024 }));
  };
  for (const v of req.vars) {
    const point: InjectionPoint = { in: 'body', name: `${f.name}(${v.arg})`, jsonPath: ['variables', v.variable], original: req.variables[v.variable]!, jsonType: 'string' };
    for (const inner of INNER) {
      const check: InjectionCheck = inner.injection;
      if (!check.testPoint || !check.places.includes('body')) continue;
      const opctx: OperationContext = { base, prober: new Prober(transport), random: () => ctx.random(), options: { delayS, oobWaitMs: 0 }, bodyMediaTypes: ['application/json'] };
      if (check.accepts && !check.accepts(point, opctx)) continue;
      let r;
      try {
        r = await check.testPoint({ ...opctx, point });
      } catch (e) {
        if (!(e instanceof Inconclusive)) throw e;
        ctx.notify('warning', 'probe-inconclusive', `${check.meta.id} on the GraphQL argument ${f.name}(${v.arg}): ${e.message}; not reported`);
        continue;
      }
      if (!r) continue;
      const exchanges: EvidenceExchange[] = [];
      for (const ev of r.evidence.exchanges ?? []) {
        const src = exchangeOf(ev)?.outcome.source as HttpResponse | undefined;
        if (src) exchanges.push({ response: src, label: ev.label ?? 'probe' });
      }
      const template = check.meta.messages[r.messageId] ?? '';
      const detail = formatMessage(template, r.data).replace(/JSON field "[^"]*"/g, `the GraphQL argument "${v.arg}"${literal ? ' (as a literal in the document)' : ''}`);
      report({
        messageId: 'injected',
        data: { kind: check.meta.title, arg: v.arg, field: f.name, path: t.endpoint.path, detail },
        method: 'POST',
        path: t.endpoint.path,
        url: t.endpoint.url,
        parameter: { in: 'graphql', name: `${f.name}.${v.arg}` },
        severity: check.meta.severity,
        ...(r.confidence ? { confidence: r.confidence } : {}),
        title: `${check.meta.title} through the GraphQL argument ${f.name}(${v.arg})`,
        exchanges,
        ...(r.evidence.summary ? { summary: r.evidence.summary } : {}),
        ...(r.evidence.payload ? { payload: r.evidence.payload } : {}),
        facts: { ...(r.evidence.data ?? {}), injectionCheck: check.meta.id, argumentStyle: literal ? 'literal' : 'variable' },
        key: `${check.meta.id}:${f.name}.${v.arg}${literal ? ':literal' : ''}`,
      });
      // one root cause per argument: the first check that proves it
      break;
    }
  }
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 50 + 10 * 2 * INNER.length * 20, writes: true }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t?.schema) return;
    const maxFields = typeof ctx.options.maxFields === 'number' ? ctx.options.maxFields : 12;
    const fields: { f: GqlField; root: 'query' | 'mutation' }[] = rootFields(t.schema, 'query').map((f) => ({ f, root: 'query' as const }));
    if (ctx.allowDestructive) fields.push(...rootFields(t.schema, 'mutation').map((f) => ({ f, root: 'mutation' as const })));
    const only = Array.isArray(ctx.options.fields) ? new Set((ctx.options.fields as unknown[]).map(String)) : undefined;
    const withStrings = fields.filter(({ f }) => f.args.some((a) => STRINGISH.has(namedType(a.type))) && (!only || only.has(f.name)));
    // `variables` (default), `literals` (payloads written into the document), or `both`.
    const style = ctx.options.argumentStyle === 'literals' || ctx.options.argumentStyle === 'both' ? ctx.options.argumentStyle : 'variables';
    for (const { f, root } of withStrings.slice(0, maxFields)) {
      if (style !== 'literals') await testField(ctx, t, f, root, report, false);
      if (style !== 'variables') await testField(ctx, t, f, root, report, true);
    }
    if (withStrings.length > maxFields) ctx.notify('note', 'graphql-injection-fields-skipped', `scan/graphql-injection tested ${maxFields} of ${withStrings.length} fields with String or ID arguments (option maxFields).`);
  },
});
