import type { Confidence, Domain, EngineName, Severity } from './finding.js';

/**
 * What every check declares about itself. `meta` is the single source of truth: the engine copies
 * title, severity, domain, OWASP and CWE onto each finding, so a check reports only where, which
 * message and what evidence.
 */
export interface CheckMeta {
  /** `<engine>/<kebab-slug>`, stable forever. */
  readonly id: string;
  readonly title: string;
  /** Default severity; config may override it. */
  readonly severity: Severity;
  /** Default confidence; a check may lower or raise it per finding. */
  readonly confidence: Confidence;
  readonly domain: Domain;
  /** OWASP API Security Top 10 2023 ids; empty where none fits. */
  readonly owasp: readonly string[];
  readonly cwe: readonly string[];
  /** One or two sentences: what the check looks for. */
  readonly description: string;
  /** What to change. */
  readonly remediation: string;
  /** Absolute URLs. */
  readonly references: readonly string[];
  /** Message templates by id, with `{name}` placeholders. */
  readonly messages: Readonly<Record<string, string>>;
  /** Set when the check is replaced; ids are never renamed. */
  readonly replacedBy?: string;
}

/** The engine part of an id: `scan` for `scan/cors-any-origin`. */
export function engineOf(id: string): EngineName {
  return id.slice(0, id.indexOf('/')) as EngineName;
}

/** The slug part of an id: `cors-any-origin` for `scan/cors-any-origin`. */
export function slugOf(id: string): string {
  return id.slice(id.indexOf('/') + 1);
}

/** A template split at its placeholders: text, name, text, name, ..., text. */
const compiledTemplates = new Map<string, readonly string[]>();

function compileTemplate(template: string): readonly string[] {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/);
    if (compiledTemplates.size < 4096) compiledTemplates.set(template, parts);
  }
  return parts;
}

/** Fill `{name}` placeholders of a message template; unknown names stay as they are. */
export function formatMessage(template: string, data: Readonly<Record<string, unknown>> = {}): string {
  // Templates are few and messages many (thousands per spec audit): split each template once.
  const parts = compileTemplate(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    out += (Object.hasOwn(data, key) ? String(data[key]) : `{${key}}`) + parts[i + 1]!;
  }
  return out;
}
