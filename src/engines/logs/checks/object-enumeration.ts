import { defineLogCheck, posInt, ratio } from '../define.js';
import type { IncidentHandle } from '../define.js';
import type { LineRef } from '../types.js';
import { BoundedMap, HashSet, lineRef, markLine } from '../state.js';

interface PrincipalState {
  last: number;
  /** Per operation id. */
  readonly ops: Map<number, State>;
  /** The operation of the last request and its state (most requests repeat it): no map look-up. */
  lastOp: number;
  lastState: State | undefined;
}

interface State {
  start: number;
  ids: HashSet;
  requests: number;
  denied: number;
  /** Most distinct ids in one earlier window without an incident: the principal's norm. */
  norm: number;
  first: LineRef;
  handle?: IncidentHandle;
}

const MAX_OPS = 256;

export default defineLogCheck({
  meta: {
    id: 'logs/object-enumeration',
    title: 'Object identifier enumeration',
    severity: 'high',
    confidence: 'medium',
    domain: 'abuse',
    owasp: ['API1:2023'],
    cwe: ['CWE-639'],
    description: 'One principal walks through many object identifiers of one operation in a short window, far beyond its own norm: the trace a BOLA/IDOR exploit or a probe for one leaves.',
    remediation: 'Check object ownership on every request (BOLA), use unguessable identifiers, rate-limit per principal and operation, and review which objects were read during the incident.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Insecure_Direct_Object_Reference_Prevention_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/639.html',
    ],
    messages: {
      enumeration: '{principal} requested {ids} distinct identifiers of {op} within {window}s ({denied} denied or missing); its usual peak is {norm}.',
      enumerationDenied: '{principal} requested {ids} distinct identifiers of {op} within {window}s and {denied} of {requests} were denied or missing: probing for objects it does not own.',
    },
  },
  defaults: { windowSeconds: 600, minObjects: 50, normFactor: 4, minDeniedRatio: 0.25, maxTracked: 100_000 },
  optionsSchema: {
    windowSeconds: posInt('length of the counting window'),
    minObjects: posInt('distinct identifiers of one operation that raise an incident'),
    normFactor: posInt('how many times its usual peak a principal must exceed'),
    minDeniedRatio: ratio('share of 401/403/404 answers that makes it probing (raised even while norms are learned)'),
    maxTracked: posInt('principals tracked at once (each with up to 256 operations)'),
  },
  create(o, env) {
    const windowMs = o.windowSeconds * 1000;
    const map = new BoundedMap<PrincipalState>(o.maxTracked, 7 * 86_400_000);
    return {
      observe(e) {
        if (e.objectKey < 0 || e.method === 'POST') return;
        let ps = map.getByNo(e.principal, e.principalNo, e.noEpoch);
        if (ps === undefined) ps = map.insert(e.principal, e.time, { last: e.time, ops: new Map(), lastOp: -1, lastState: undefined }, e.principalNo, e.noEpoch);
        ps.last = e.time;
        let s = ps.lastOp === e.opId ? ps.lastState : ps.ops.get(e.opId);
        if (s === undefined) {
          if (ps.ops.size >= MAX_OPS) return;
          s = { start: e.time, ids: new HashSet(o.minObjects), requests: 0, denied: 0, norm: 0, first: lineRef(e) };
          ps.ops.set(e.opId, s);
        }
        ps.lastOp = e.opId;
        ps.lastState = s;
        if (e.time - s.start > windowMs) {
          if (!s.handle && s.ids.size > s.norm) s.norm = s.ids.size;
          s.start = e.time;
          s.ids.clear();
          s.requests = 0;
          s.denied = 0;
          markLine(s.first, e);
          s.handle = undefined;
        }
        s.requests++;
        if (e.status === 401 || e.status === 403 || e.status === 404) s.denied++;
        s.ids.addKey(e.objectKey);
        if (s.handle) {
          s.handle.extend(e);
          return;
        }
        if (s.ids.size < o.minObjects || s.norm * o.normFactor >= s.ids.size) return;
        const deniedRatio = s.denied / s.requests;
        const probing = deniedRatio >= o.minDeniedRatio;
        if (!probing && e.time < env.warmupUntil()) return;
        s.handle = env.report({
          messageId: probing ? 'enumerationDenied' : 'enumeration',
          data: { principal: e.principal, ids: s.ids.size, op: e.op, window: o.windowSeconds, denied: s.denied, requests: s.requests, norm: s.norm },
          principalKind: e.tokenId ? 'token' : e.account ? 'account' : 'source',
          principal: e.principal,
          key: e.op,
          event: e,
          first: s.first,
          windowStart: s.start,
          counts: { distinctIds: s.ids.size, usualPeak: s.norm, deniedRatio: Math.round(deniedRatio * 1000) / 1000 },
          thresholds: { minObjects: o.minObjects, normFactor: o.normFactor, minDeniedRatio: o.minDeniedRatio },
          confidence: probing ? 'high' : 'medium',
        });
      },
    };
  },
});
