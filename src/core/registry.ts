import type { CheckMeta } from './check.js';
import { CONFIDENCES, DOMAINS, ENGINES, SEVERITIES } from './finding.js';
import { isCweId, isOwaspId } from './taxonomy.js';

/** Problems with one check's metadata, each prefixed by the check id. Empty when the meta is valid. */
export function validateMeta(meta: CheckMeta): string[] {
  const problems: string[] = [];
  const p = (msg: string) => problems.push(`${meta.id || '(no id)'}: ${msg}`);
  const m = /^([a-z]+)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(meta.id ?? '');
  if (!m) p('id must be "<engine>/<kebab-slug>"');
  else if (!(ENGINES as readonly string[]).includes(m[1]!)) p(`unknown engine "${m[1]}"`);
  if (!meta.title?.trim()) p('title is empty');
  if (!(SEVERITIES as readonly string[]).includes(meta.severity)) p(`invalid severity "${meta.severity}"`);
  if (!(CONFIDENCES as readonly string[]).includes(meta.confidence)) p(`invalid confidence "${meta.confidence}"`);
  if (!(DOMAINS as readonly string[]).includes(meta.domain)) p(`invalid domain "${meta.domain}"`);
  for (const o of meta.owasp ?? []) if (!isOwaspId(o)) p(`invalid OWASP API 2023 id "${o}"`);
  if (!meta.cwe || meta.cwe.length === 0) p('at least one CWE is required');
  for (const c of meta.cwe ?? []) if (!isCweId(c)) p(`invalid CWE id "${c}"`);
  if (!meta.description?.trim()) p('description is empty');
  if (!meta.remediation?.trim()) p('remediation is empty');
  if (!meta.references || meta.references.length === 0) p('at least one reference is required');
  for (const r of meta.references ?? []) if (!/^https?:\/\//.test(r)) p(`reference is not a URL: "${r}"`);
  if (!meta.messages || Object.keys(meta.messages).length === 0) p('at least one message is required');
  return problems;
}

/**
 * A set of checks, validated once when built. Engines keep their own list of checks; the CLI and the
 * conformance test build one registry over all of them.
 */
export class CheckRegistry<C extends { readonly meta: CheckMeta }> {
  private readonly byId = new Map<string, C>();

  constructor(checks: readonly C[]) {
    const problems: string[] = [];
    for (const c of checks) {
      problems.push(...validateMeta(c.meta));
      if (this.byId.has(c.meta.id)) problems.push(`${c.meta.id}: duplicate id`);
      this.byId.set(c.meta.id, c);
    }
    if (problems.length > 0) {
      throw new Error(`invalid check metadata:\n  ${problems.join('\n  ')}`);
    }
  }

  get(id: string): C | undefined {
    return this.byId.get(id);
  }

  all(): C[] {
    return [...this.byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  }

  metas(): CheckMeta[] {
    return this.all().map((c) => c.meta);
  }
}
