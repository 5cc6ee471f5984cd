import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck, type InjectionResult, type PointContext } from '../injection/check.js';
import { randomInt } from '../injection/canary.js';
import { confirmDifferential, isSame, takeBaseline, type Baseline } from '../injection/differential.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence, type Exchange } from '../injection/probe.js';
import {
  DBMS_FINGERPRINTS,
  DELAY_PAYLOADS,
  ERROR_PROBES,
  HEAVY_CALIBRATION,
  HEAVY_MAX,
  conditionPayload,
  contextsFor,
  findSqlError,
  type DelayPayload,
  type Dbms,
  type SqlContext,
} from '../injection/sql.js';
import { longerDelay } from '../injection/delay.js';
import { isDelayed, judgeTiming } from '../injection/timing.js';
import type { ProbeRequest } from '../injection/types.js';

const meta = {
  id: 'scan/sql-injection',
  title: 'SQL injection',
  severity: 'critical',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-89'],
  description:
    'Sends SQL syntax to every parameter and reports the ones that reach a query unescaped: proven by a database error, by a true/false condition pair that changes the answer (re-checked), or by delays of two lengths that show against controls.',
  remediation:
    'Pass values to the database as bound parameters (prepared statements) instead of building SQL text from input; validate identifiers (column, table, sort order) against an allow-list.',
  references: [
    'https://cwe.mitre.org/data/definitions/89.html',
    'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05-Testing_for_SQL_Injection',
  ],
  messages: {
    errorBased: '{place} reaches a {dbms} query unescaped: a quote in it produces a database error ({error}).',
    booleanBased: '{place} reaches a{dbmsText} query unescaped: a true condition ({truePayload}) answers like the original request and a false one ({falsePayload}) does not, twice.',
    timeBased: '{place} reaches a {dbms} query unescaped: delay payloads made the response slower by the requested times (a longer one by more) while the controls stayed fast ({timing}).',
  },
} as const;

function withValue(ctx: PointContext, value: string): ProbeRequest {
  return applyMutation(ctx.base, ctx.point, { kind: 'value', value });
}

function title(ctx: PointContext, dbms?: string): string {
  return `SQL injection in ${describePoint(ctx.point)}${dbms ? ` (${dbms})` : ''}`;
}

async function errorBased(ctx: PointContext, baseline: Baseline): Promise<InjectionResult | undefined> {
  const inBaseline = findSqlError(baseline.first.outcome.body) ?? findSqlError(baseline.second.outcome.body);
  if (inBaseline) return undefined;
  const hits: { ex: Exchange; dbms: Dbms; match: string; payload: string }[] = [];
  for (const p of ERROR_PROBES) {
    const payload = `${ctx.point.original}${p}`;
    const ex = await ctx.prober.must(withValue(ctx, payload));
    const err = findSqlError(ex.outcome.body);
    if (!err) return undefined;
    hits.push({ ex, dbms: err.dbms, match: err.match, payload });
  }
  const first = hits[0]!;
  return {
    messageId: 'errorBased',
    data: { place: describePoint(ctx.point), dbms: first.dbms, error: first.match },
    title: title(ctx, first.dbms),
    evidence: {
      summary: `Database error "${first.match}" for ${hits.length} quote-breaking payloads; none in the unmodified response.`,
      payload: first.payload,
      exchanges: [toEvidence(first.ex, 'probe', first.match), toEvidence(hits[1]!.ex, 'confirmation', hits[1]!.match), toEvidence(baseline.first, 'control')],
      data: { dbms: first.dbms, technique: 'error-based' },
    },
  };
}

async function fingerprint(ctx: PointContext, sqlCtx: SqlContext, baseline: Baseline, trueEx: Exchange, truePayload: string): Promise<Dbms | undefined> {
  if (!trueEx.outcome.ok) return undefined;
  for (const fp of DBMS_FINGERPRINTS) {
    const payload = conditionPayload(ctx.point.original, sqlCtx, fp.condition);
    const ex = await ctx.prober.send(withValue(ctx, payload));
    if (ex.outcome.ok && isSame(ex.outcome, trueEx.outcome, baseline.stability, [payload, truePayload])) {
      return fp.dbms;
    }
  }
  return undefined;
}

async function booleanBased(ctx: PointContext, baseline: Baseline): Promise<InjectionResult | undefined> {
  for (const sqlCtx of contextsFor(ctx.point.original)) {
    const a = randomInt(ctx.random, 1000, 9999);
    const b = a + randomInt(ctx.random, 1, 99);
    const truePayload = conditionPayload(ctx.point.original, sqlCtx, `${a}=${a}`);
    const falsePayload = conditionPayload(ctx.point.original, sqlCtx, `${a}=${b}`);
    const diff = await confirmDifferential(ctx.prober, baseline, {
      label: sqlCtx.name,
      truthy: withValue(ctx, truePayload),
      falsy: withValue(ctx, falsePayload),
      baselineLike: 'true',
      sent: [truePayload, falsePayload],
      truePayload,
      falsePayload,
    });
    if (!diff) continue;
    const dbms = await fingerprint(ctx, sqlCtx, baseline, diff.trueEx, truePayload);
    return {
      messageId: 'booleanBased',
      data: { place: describePoint(ctx.point), dbmsText: dbms ? ` ${dbms}` : ' SQL', truePayload, falsePayload },
      title: title(ctx, dbms),
      evidence: {
        summary: `In a ${sqlCtx.name} context, the true condition answered like the unmodified request and the false one differed (similarity ${diff.similarity.toFixed(2)}), in two rounds.`,
        payload: falsePayload,
        exchanges: [toEvidence(diff.trueEx, 'probe: true condition'), toEvidence(diff.falseEx, 'probe: false condition'), toEvidence(baseline.first, 'control')],
        data: { technique: 'boolean-based', context: sqlCtx.name, ...(dbms ? { dbms } : {}) },
      },
    };
  }
  return undefined;
}

/** A heavy-query payload's work amount for a delay of about `d` seconds, from one calibration probe. */
async function calibrateHeavy(ctx: PointContext, dp: DelayPayload, sqlCtx: SqlContext, controls: readonly number[]): Promise<number | undefined> {
  const payload = dp.build(ctx.point.original, sqlCtx, HEAVY_CALIBRATION);
  const ex = await ctx.prober.send(withValue(ctx, payload));
  if (!ex.outcome.ok) return undefined;
  const extra = ex.outcome.timeMs - Math.max(...controls);
  if (extra < 120) return undefined;
  return Math.min(HEAVY_MAX, Math.ceil((HEAVY_CALIBRATION * 1250 * ctx.options.delayS) / extra));
}

async function timeBased(ctx: PointContext, baseline: Baseline): Promise<InjectionResult | undefined> {
  const d = ctx.options.delayS;
  const controls = [baseline.first.outcome.timeMs, baseline.second.outcome.timeMs];
  for (const sqlCtx of contextsFor(ctx.point.original)) {
    for (const dp of DELAY_PAYLOADS) {
      let amount = d;
      if (dp.heavy) {
        const n = await calibrateHeavy(ctx, dp, sqlCtx, controls);
        if (n === undefined) continue;
        amount = n;
      }
      const payload = dp.build(ctx.point.original, sqlCtx, amount);
      const first = await ctx.prober.send(withValue(ctx, payload));
      if (!first.outcome.ok) continue;
      if (!isDelayed(first.outcome.timeMs, d, controls)) continue;
      const zeroPayload = dp.build(ctx.point.original, sqlCtx, 0);
      const zero = await ctx.prober.must(withValue(ctx, zeroPayload));
      const control = await ctx.prober.must(ctx.base);
      const d2 = longerDelay(d);
      const again = await ctx.prober.must(withValue(ctx, dp.build(ctx.point.original, sqlCtx, dp.heavy ? Math.min(HEAVY_MAX, Math.ceil((amount * d2) / d)) : d2)));
      const verdict = judgeTiming(
        [...controls, control.outcome.timeMs],
        [zero.outcome.timeMs],
        [
          { label: 'first delay', delayS: d, timeMs: first.outcome.timeMs },
          { label: 'longer delay', delayS: d2, timeMs: again.outcome.timeMs },
        ],
      );
      if (!verdict.confirmed) continue;
      const dbms = dp.dbms === 'MySQL' ? 'MySQL/MariaDB' : dp.dbms;
      const how = dp.heavy ? `heavy query (${amount} rows counted)` : `${d}s delay`;
      return {
        messageId: 'timeBased',
        data: { place: describePoint(ctx.point), dbms, timing: verdict.reason },
        title: title(ctx, dbms),
        evidence: {
          summary: `A ${dbms} ${how} in a ${sqlCtx.name} context: ${verdict.reason}.`,
          payload,
          exchanges: [toEvidence(first, 'probe: delay'), toEvidence(zero, 'control: zero delay'), toEvidence(again, 'confirmation: delay'), toEvidence(control, 'control')],
          data: { technique: 'time-based', context: sqlCtx.name, dbms, delaySeconds: d, ...(dp.heavy ? { heavyQueryRows: amount } : {}) },
        },
      };
    }
  }
  return undefined;
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['path', 'query', 'header', 'cookie', 'body', 'form', 'multipart'],
  accepts: (p) => p.jsonType !== 'boolean' && p.jsonType !== 'null',
  async testPoint(ctx) {
    const baseline = await takeBaseline(ctx);
    return (await errorBased(ctx, baseline)) ?? (await booleanBased(ctx, baseline)) ?? (await timeBased(ctx, baseline));
  },
}),
);
