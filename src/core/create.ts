import type { CheckMeta } from './check.js';
import { engineOf, formatMessage } from './check.js';
import type { Confidence, Evidence, Finding, Location, Severity } from './finding.js';
import { fingerprint } from './fingerprint.js';

/** What a check reports about one instance; everything else comes from its meta. */
export interface FindingInput {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly location: Location;
  readonly evidence?: Evidence;
  /** Overrides the meta's default. */
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  /** Discriminates several findings of one check at one location (e.g. the header or field name). */
  readonly key?: string;
  /** A more specific title than the check's, e.g. naming the DBMS. */
  readonly title?: string;
}

/**
 * Build a finding from a check's meta and what the check reported.
 *
 * @example
 * createFinding(meta, { messageId: 'reflected', data: { origin }, location });
 */
export function createFinding(meta: CheckMeta, input: FindingInput, severityOverride?: Severity): Finding {
  const template = meta.messages[input.messageId];
  if (template === undefined) throw new Error(`${meta.id}: unknown messageId "${input.messageId}"`);
  return {
    checkId: meta.id,
    engine: engineOf(meta.id),
    title: input.title ?? meta.title,
    message: formatMessage(template, input.data),
    severity: severityOverride ?? input.severity ?? meta.severity,
    confidence: input.confidence ?? meta.confidence,
    domain: meta.domain,
    owasp: meta.owasp,
    cwe: meta.cwe,
    location: input.location,
    evidence: input.evidence,
    remediation: meta.remediation,
    fingerprint: fingerprint(meta.id, input.location, input.key ?? ''),
  };
}
