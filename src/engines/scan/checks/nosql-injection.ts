import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck, type InjectionResult, type PointContext } from '../injection/check.js';
import { canary } from '../injection/canary.js';
import { confirmDifferential, takeBaseline, type Baseline } from '../injection/differential.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence } from '../injection/probe.js';
import type { Mutation } from '../injection/types.js';

const meta = {
  id: 'scan/nosql-injection',
  title: 'NoSQL operator injection',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-943'],
  description:
    'Replaces values with MongoDB query operators (`$ne`, `$gt`, `$regex`, `$in`) in JSON bodies and as bracketed query or form parameters (`name[$ne]=...`), and reports the places where a true/false operator pair changes the answer, re-checked: a login that lets anyone in, a filter that returns other records. Values evaluated as JavaScript in a `$where` clause are found by a true/false expression pair.',
  remediation:
    'Accept only the types you expect (cast to string or number, or validate with a schema that rejects objects), and never pass request objects into a query; sanitize keys starting with `$`.',
  references: [
    'https://cwe.mitre.org/data/definitions/943.html',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection',
    'https://cheatsheetseries.owasp.org/cheatsheets/Injection_Prevention_Cheat_Sheet.html',
  ],
  messages: {
    operatorAccepted: '{place} passes query operators to the database: {truePayload} answers differently from {falsePayload}, the way only an evaluated operator would, twice.',
    whereInjected: '{place} is evaluated as JavaScript in a $where clause: {truePayload} answers like the original value and {falsePayload} does not, twice.',
  },
} as const;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface OperatorPair {
  readonly name: string;
  readonly truthy: (o: string, r: string) => { op: string; value: string };
  readonly falsy: (o: string, r: string) => { op: string; value: string };
  readonly baselineLike: 'true' | 'false';
}

/** Pairs over one operator (so they fit `name[$op]=v` too). */
const PAIRS: readonly OperatorPair[] = [
  // A regex matching exactly the original behaves like it; one matching a random value does not.
  { name: '$regex equality', truthy: (o) => ({ op: '$regex', value: `^${escapeRegex(o)}$` }), falsy: (_o, r) => ({ op: '$regex', value: `^${r}$` }), baselineLike: 'true' },
  // Not-equal to a random value matches everything; equal to it matches what a non-matching value does.
  { name: '$ne', truthy: (_o, r) => ({ op: '$ne', value: r }), falsy: (_o, r) => ({ op: '$eq', value: r }), baselineLike: 'false' },
  { name: '$gt', truthy: () => ({ op: '$gt', value: '' }), falsy: (_o, r) => ({ op: '$eq', value: r }), baselineLike: 'false' },
];

function mutation(ctx: PointContext, x: { op: string; value: string }): Mutation {
  return ctx.point.in === 'body' ? { kind: 'json', value: { [x.op]: x.value } } : { kind: 'bracket', op: x.op, value: x.value };
}

function show(ctx: PointContext, x: { op: string; value: string }): string {
  return ctx.point.in === 'body' ? JSON.stringify({ [x.op]: x.value }) : `${ctx.point.name}[${x.op}]=${x.value}`;
}

/** Server-side JavaScript (`$where` built from a string): a quote-closing true/false expression pair. */
const WHERE_QUOTES = ["'", '"'] as const;

async function tryWhere(ctx: PointContext, baseline: Baseline): Promise<InjectionResult | undefined> {
  if (ctx.point.in === 'body' && ctx.point.jsonType !== 'string') return undefined;
  for (const q of WHERE_QUOTES) {
    const r = canary(ctx.random, 4, '');
    const truePayload = `${ctx.point.original}${q} && ${q}${r}${q}==${q}${r}`;
    const falsePayload = `${ctx.point.original}${q} && ${q}${r}${q}==${q}${r}x`;
    const diff = await confirmDifferential(ctx.prober, baseline, {
      label: '$where',
      truthy: applyMutation(ctx.base, ctx.point, { kind: 'value', value: truePayload }),
      falsy: applyMutation(ctx.base, ctx.point, { kind: 'value', value: falsePayload }),
      baselineLike: 'true',
      sent: [truePayload, falsePayload],
      truePayload,
      falsePayload,
    });
    if (!diff) continue;
    return {
      messageId: 'whereInjected',
      data: { place: describePoint(ctx.point), truePayload, falsePayload },
      title: `NoSQL injection ($where JavaScript) in ${describePoint(ctx.point)}`,
      evidence: {
        summary: `A true JavaScript condition appended to the value answered like the original and a false one did not (similarity ${diff.similarity.toFixed(2)}), in two rounds: the value is evaluated as code in a $where clause.`,
        payload: falsePayload,
        exchanges: [toEvidence(diff.trueEx, 'probe: true expression'), toEvidence(diff.falseEx, 'probe: false expression'), toEvidence(baseline.first, 'control')],
        data: { operator: '$where' },
      },
    };
  }
  return undefined;
}

async function tryPairs(ctx: PointContext, baseline: Baseline): Promise<InjectionResult | undefined> {
  for (const pair of PAIRS) {
    const r = canary(ctx.random, 8);
    const t = pair.truthy(ctx.point.original, r);
    const f = pair.falsy(ctx.point.original, r);
    const truePayload = show(ctx, t);
    const falsePayload = show(ctx, f);
    const diff = await confirmDifferential(ctx.prober, baseline, {
      label: pair.name,
      truthy: applyMutation(ctx.base, ctx.point, mutation(ctx, t)),
      falsy: applyMutation(ctx.base, ctx.point, mutation(ctx, f)),
      baselineLike: pair.baselineLike,
      sent: [t.value, f.value, truePayload, falsePayload],
      truePayload,
      falsePayload,
    });
    if (!diff) continue;
    return {
      messageId: 'operatorAccepted',
      data: { place: describePoint(ctx.point), truePayload, falsePayload },
      title: `NoSQL operator injection in ${describePoint(ctx.point)}`,
      evidence: {
        summary: `With ${pair.name}, the ${pair.baselineLike === 'true' ? 'true' : 'false'} operator answered like the unmodified request and the other did not (similarity ${diff.similarity.toFixed(2)}), in two rounds.`,
        payload: truePayload,
        exchanges: [toEvidence(diff.trueEx, 'probe: true operator'), toEvidence(diff.falseEx, 'probe: false operator'), toEvidence(baseline.first, 'control')],
        data: { operator: pair.name },
      },
    };
  }
  return undefined;
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['body', 'query', 'form'],
  accepts: (p) => p.jsonType === undefined || p.jsonType === 'string' || p.jsonType === 'number',
  async testPoint(ctx) {
    const baseline = await takeBaseline(ctx);
    return (await tryPairs(ctx, baseline)) ?? (await tryWhere(ctx, baseline));
  },
}),
);
