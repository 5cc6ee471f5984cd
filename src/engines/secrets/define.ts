import { createHash } from 'node:crypto';
import type { CheckMeta } from '../../core/check.js';
import { createFinding } from '../../core/create.js';
import type { Confidence, Finding, Severity } from '../../core/finding.js';
import { maskSecret } from '../../core/mask.js';
import type { RuleCheck } from './rules/schema.js';

/** Everything a check needs to know about one secret found. */
export interface SecretMatch {
  readonly ruleId: string;
  readonly description: string;
  readonly provider: string;
  readonly check: RuleCheck;
  /** Why a public-by-design key is not a leak. */
  readonly note?: string;
  readonly secret: string;
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly confidence: Confidence;
  readonly severity?: Severity;
  readonly entropy: number;
  readonly reasons: readonly string[];
  readonly kind: string;
  readonly generated?: { readonly file: string; readonly line: number; readonly column: number };
  readonly commit?: string;
  readonly author?: string;
  readonly date?: string;
}

export interface SecretCheck {
  readonly meta: CheckMeta;
  toFinding(m: SecretMatch, opts: { readonly showSecrets: boolean }): Finding;
}

/** A hash of the secret: findings can be told apart and baselined without storing the secret. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(`rampart-secret\n${secret}`).digest('hex').slice(0, 24);
}

/** Message data shared by every secrets check. */
function messageData(m: SecretMatch, shown: string): Record<string, unknown> {
  return {
    description: m.description,
    rule: m.ruleId,
    provider: m.provider,
    file: m.file,
    line: m.line,
    secret: shown,
    commit: m.commit?.slice(0, 12) ?? '',
    author: m.author ?? '',
    date: m.date ?? '',
    bundle: m.generated ? `${m.generated.file}:${m.generated.line}:${m.generated.column}` : '',
    note: m.note ?? '',
  };
}

/** Build a secrets check from its meta and the choice of message per match. */
export function defineSecretCheck(def: { meta: CheckMeta; messageFor(m: SecretMatch): string }): SecretCheck {
  return {
    meta: def.meta,
    toFinding(m, opts) {
      const shown = opts.showSecrets ? m.secret : maskSecret(m.secret);
      const data = messageData(m, shown);
      return createFinding(def.meta, {
        messageId: def.messageFor(m),
        data,
        title: m.description,
        severity: m.severity,
        confidence: m.confidence,
        key: `${m.ruleId}:${secretHash(m.secret)}`,
        location: {
          kind: 'file',
          file: m.file,
          startLine: m.line,
          endLine: m.endLine !== m.line ? m.endLine : undefined,
          startColumn: m.column,
          commit: m.commit,
          // The fingerprint uses this instead of the line number, so it survives lines moving.
          snippet: m.ruleId,
        },
        evidence: {
          secret: shown,
          summary: `${m.description} (${m.ruleId})${m.reasons.length > 0 ? `; ${m.reasons.join('; ')}` : ''}`,
          data: {
            rule: m.ruleId,
            provider: m.provider,
            entropy: m.entropy,
            found: m.kind,
            ...(m.reasons.length > 0 ? { confidenceReasons: m.reasons } : {}),
            ...(m.note ? { publicByDesign: m.note } : {}),
            ...(m.generated ? { bundle: m.generated } : {}),
            ...(m.commit ? { commit: m.commit, author: m.author, date: m.date } : {}),
          },
        },
      });
    },
  };
}
