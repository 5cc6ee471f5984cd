import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck, type PointContext } from '../injection/check.js';
import { canary } from '../injection/canary.js';
import { confirmDifferential, takeBaseline } from '../injection/differential.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence, type Exchange } from '../injection/probe.js';
import { searchableText } from '../injection/sql.js';

const meta = {
  id: 'scan/ldap-injection',
  title: 'LDAP injection',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-90'],
  description:
    'Sends LDAP filter metacharacters: an unbalanced parenthesis that produces an LDAP filter error, and a pair of injected filter terms (one always true, one never true) whose answers differ the way a filter built from input would.',
  remediation:
    'Escape values for LDAP filters (RFC 4515: `*`, `(`, `)`, `\\`, NUL) with the directory library\'s escaping function, and for DNs escape per RFC 4514; validate input against the expected format.',
  references: [
    'https://cwe.mitre.org/data/definitions/90.html',
    'https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html',
  ],
  messages: {
    filterError: '{place} is built into an LDAP filter unescaped: a parenthesis in it produced the error "{error}".',
    filterBoolean: '{place} is built into an LDAP filter unescaped: the injected term {trueTerm} answers like the original and {falseTerm} does not, twice.',
  },
} as const;

const LDAP_ERROR = /Bad search filter|invalid (?:search )?filter|InvalidSearchFilterException|javax\.naming\.|LDAPException|LDAP: error code|ldap_search(?:_ext)?\(\)|com\.sun\.jndi\.ldap|unbalanced parenthes[ie]s in (?:ldap )?filter|Filter(?:Parse)?Error|ldap3\.core\.exceptions/i;

async function errorBased(ctx: PointContext, baselineBody: string) {
  if (LDAP_ERROR.test(searchableText(baselineBody))) return undefined;
  const hits: { ex: Exchange; error: string; payload: string }[] = [];
  for (const suffix of [')', '*)(']) {
    const payload = `${ctx.point.original}${suffix}`;
    const ex = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }));
    const m = LDAP_ERROR.exec(searchableText(ex.outcome.body));
    if (!m) return undefined;
    hits.push({ ex, error: m[0], payload });
  }
  const h = hits[0]!;
  return {
    messageId: 'filterError',
    data: { place: describePoint(ctx.point), error: h.error },
    title: `LDAP injection in ${describePoint(ctx.point)}`,
    evidence: {
      summary: `Unbalanced filter syntax produced an LDAP error twice; the unmodified request did not.`,
      payload: h.payload,
      exchanges: [toEvidence(h.ex, 'probe', h.error), toEvidence(hits[1]!.ex, 'confirmation', h.error)],
      data: { technique: 'error-based' },
    },
  };
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['path', 'query', 'body', 'form', 'multipart', 'header', 'cookie'],
  accepts: (p) => p.jsonType === undefined || p.jsonType === 'string',
  async testPoint(ctx) {
    const baseline = await takeBaseline(ctx);
    const e = await errorBased(ctx, baseline.first.outcome.body);
    if (e) return e;
    const trueTerm = `${ctx.point.original})(objectClass=*`;
    const falseTerm = `${ctx.point.original})(objectClass=${canary(ctx.random, 8)}`;
    const diff = await confirmDifferential(ctx.prober, baseline, {
      label: 'filter term',
      truthy: applyMutation(ctx.base, ctx.point, { kind: 'value', value: trueTerm }),
      falsy: applyMutation(ctx.base, ctx.point, { kind: 'value', value: falseTerm }),
      baselineLike: 'true',
      sent: [trueTerm, falseTerm],
      truePayload: trueTerm,
      falsePayload: falseTerm,
    });
    if (!diff) return undefined;
    return {
      messageId: 'filterBoolean',
      data: { place: describePoint(ctx.point), trueTerm, falseTerm },
      title: `LDAP injection in ${describePoint(ctx.point)}`,
      evidence: {
        summary: `An always-true filter term kept the original answer; a never-true one changed it (similarity ${diff.similarity.toFixed(2)}), in two rounds.`,
        payload: falseTerm,
        exchanges: [toEvidence(diff.trueEx, 'probe: true term'), toEvidence(diff.falseEx, 'probe: false term'), toEvidence(baseline.first, 'control')],
        data: { technique: 'boolean-based' },
      },
    };
  },
}),
);
