import { createFinding } from '../../../core/create.js';
import type { Finding, HttpLocation } from '../../../core/finding.js';
import type { Notification } from '../../../core/report.js';
import type { InjectionCheck, InjectionResult, OperationContext } from './check.js';
import { injectionPoints } from './points.js';
import { Inconclusive } from './probe.js';

export interface OperationTarget {
  readonly method: string;
  readonly path: string;
  /** Absolute URL of the operation (base URL + path with example values). */
  readonly url: string;
  readonly operationId?: string;
  readonly spec?: HttpLocation['spec'];
}

export interface CheckOutcome {
  readonly findings: Finding[];
  /** What the check returned, per place, for callers that build findings themselves (the scan adapter). */
  readonly results: { readonly result: InjectionResult; readonly point?: InjectionResult['point'] }[];
  readonly notifications: Notification[];
}

/**
 * Run one injection check over one operation: every place it accepts, one finding per place at most.
 * A place whose probes failed (timeout, reset, garbage) yields a `probe-inconclusive` notification.
 */
export async function runInjectionCheck(check: InjectionCheck, ctx: OperationContext, target: OperationTarget): Promise<CheckOutcome> {
  const findings: Finding[] = [];
  const results: CheckOutcome['results'] = [];
  const notifications: Notification[] = [];
  const where = (point?: InjectionResult['point']): HttpLocation => ({
    kind: 'http',
    method: target.method,
    path: target.path,
    url: target.url,
    ...(target.operationId ? { operationId: target.operationId } : {}),
    ...(point ? { parameter: { in: point.in, name: point.name } } : {}),
    ...(target.spec ? { spec: target.spec } : {}),
  });
  const inconclusive = (e: unknown, subject: string) => {
    if (!(e instanceof Inconclusive)) throw e;
    notifications.push({
      level: 'warning',
      code: 'probe-inconclusive',
      engine: 'scan',
      checkId: check.meta.id,
      subject: `${target.method} ${target.path} ${subject}`.trim(),
      message: `${check.meta.id}: probe inconclusive at ${subject || 'the operation'} (${e.message}); not reported`,
    });
  };
  const add = (r: InjectionResult, point?: InjectionResult['point']) => {
    results.push({ result: r, ...(point ? { point } : {}) });
    findings.push(
      createFinding(check.meta, {
        messageId: r.messageId,
        data: r.data,
        location: where(point),
        evidence: r.evidence,
        ...(r.confidence ? { confidence: r.confidence } : {}),
        ...(r.title ? { title: r.title } : {}),
        key: point ? `${point.in}:${point.name}` : '',
      }),
    );
  };
  ctx = ctx.memo ? ctx : { ...ctx, memo: new Map() };
  if (check.testPoint) {
    const points = injectionPoints(ctx.base).filter((p) => check.places.includes(p.in) && (check.accepts?.(p, ctx) ?? true));
    for (const point of points) {
      try {
        const r = await check.testPoint({ ...ctx, point });
        if (r) add(r, r.point ?? { in: point.in, name: point.name });
      } catch (e) {
        inconclusive(e, `${point.in} ${point.name}`);
      }
    }
  }
  if (check.testOperation) {
    try {
      for (const r of await check.testOperation(ctx)) add(r, r.point);
    } catch (e) {
      inconclusive(e, '');
    }
  }
  return { findings, results, notifications };
}
