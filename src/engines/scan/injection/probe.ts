import type { HttpExchangeEvidence } from '../../../core/finding.js';
import { excerpt, redactHeaders, redactText } from '../../../core/mask.js';
import { toWire } from './points.js';
import type { ProbeOutcome, ProbeRequest, ProbeResponse, WireRequest } from './types.js';

/** Sends one serialised request and reports what came back; the only I/O a check sees. */
export type Transport = (wire: WireRequest) => Promise<ProbeOutcome>;

/** One request and its outcome. */
export interface Exchange {
  readonly request: ProbeRequest;
  readonly wire: WireRequest;
  readonly outcome: ProbeOutcome;
}

/** Thrown inside a check when a probe it needs timed out, dropped or came back unreadable. */
export class Inconclusive extends Error {
  constructor(
    message: string,
    readonly subject?: string,
  ) {
    super(message);
    this.name = 'Inconclusive';
  }
}

/** Counts what it sends; a check asks it for exchanges. */
export class Prober {
  sent = 0;
  constructor(private readonly transport: Transport) {}

  async send(request: ProbeRequest): Promise<Exchange> {
    const wire = toWire(request);
    this.sent++;
    const outcome = await this.transport(wire);
    return { request, wire, outcome };
  }

  /** Send and insist on a readable response; anything else makes the whole test of this place inconclusive. */
  async must(request: ProbeRequest): Promise<Exchange & { readonly outcome: ProbeResponse }> {
    const ex = await this.send(request);
    if (!ex.outcome.ok) throw new Inconclusive(`${ex.outcome.reason}: ${ex.outcome.message}`, `${ex.wire.method} ${ex.wire.target}`);
    return ex as Exchange & { readonly outcome: ProbeResponse };
  }
}

/** An exchange as evidence: bodies cut, credentials masked. */
export function toEvidence(ex: Exchange, label: string, focus?: string): HttpExchangeEvidence {
  const o = ex.outcome;
  const ev: HttpExchangeEvidence = {
    label,
    request: {
      method: ex.wire.method,
      url: ex.wire.target,
      headers: redactHeaders(ex.wire.headers),
      ...(ex.wire.body !== undefined ? { body: redactText(excerpt(ex.wire.body, 2048)) } : {}),
    },
    ...(o.ok
      ? {
          response: {
            status: o.status,
            headers: redactHeaders(o.headers),
            body: redactText(bodyExcerpt(o.body, focus)),
            size: o.body.length,
            timeMs: Math.round(o.timeMs),
          },
        }
      : {}),
  };
  // The scan adapter hands the engine the original exchange (it masks with the scan's own secrets).
  Object.defineProperty(ev, 'exchange', { value: ex, enumerable: false });
  return ev;
}

/** The exchange an evidence entry was made from, when it was made by {@link toEvidence}. */
export function exchangeOf(ev: HttpExchangeEvidence): Exchange | undefined {
  return (ev as { exchange?: Exchange }).exchange;
}

/** A body excerpt around the interesting part (an error message, a canary) so it stays short. */
export function bodyExcerpt(body: string, focus?: string, max = 1024): string {
  if (body.length <= max) return body;
  const at = focus ? body.indexOf(focus) : -1;
  if (at < 0) return excerpt(body, max);
  const start = Math.max(0, at - Math.floor(max / 3));
  return `${start > 0 ? '… ' : ''}${body.slice(start, start + max)}${start + max < body.length ? ' …' : ''}`;
}
