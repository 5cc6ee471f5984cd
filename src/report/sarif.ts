import type { CheckMeta } from '../core/check.js';
import { slugOf } from '../core/check.js';
import type { Finding, Location, TraceStep } from '../core/finding.js';
import type { EngineRun, Notification, Report } from '../core/report.js';
import { excerpt, redactHeaders, redactText } from '../core/mask.js';
import { OWASP_API_2023, cweUrl } from '../core/taxonomy.js';
import { checkDocUrl, evidenceExcerpt, locationLabel, runChecks, sarifLevel, securitySeverity } from './util.js';

/* SARIF 2.1.0 (OASIS). Only the parts Rampart fills are typed here. */
type Json = Record<string, unknown>;

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const BODY_MAX = 4096;

/**
 * A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `?`, `%`, non-ASCII),
 * slashes kept, backslashes turned into slashes. Absolute URLs are kept as they are.
 */
export function pathToUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return encodeURI(path);
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%21/g, '!').replace(/[()*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function physical(file: string, region?: Json): Json {
  const artifactLocation: Json = { uri: pathToUri(file) };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) artifactLocation.uriBaseId = SRCROOT;
  return region ? { artifactLocation, region } : { artifactLocation };
}

function region(startLine: number, extra: { endLine?: number; startColumn?: number; endColumn?: number } = {}): Json {
  const r: Json = { startLine: Math.max(1, Math.floor(startLine)) };
  if (extra.endLine !== undefined && extra.endLine >= startLine) r.endLine = extra.endLine;
  if (extra.startColumn !== undefined && extra.startColumn >= 1) r.startColumn = extra.startColumn;
  if (extra.endColumn !== undefined && extra.endColumn >= 1) r.endColumn = extra.endColumn;
  return r;
}

/** The SARIF locations of a finding: physical for files, specs and logs; logical (plus the spec line) for HTTP. */
export function sarifLocations(loc: Location): Json[] {
  switch (loc.kind) {
    case 'file':
      return [{ physicalLocation: physical(loc.file, region(loc.startLine, loc)) }];
    case 'spec':
      return [
        {
          physicalLocation: physical(loc.file, region(loc.line ?? 1, { startColumn: loc.column })),
          logicalLocations: [{ fullyQualifiedName: loc.pointer, kind: 'object' }],
        },
      ];
    case 'log':
      return [{ physicalLocation: physical(loc.file, region(loc.line, { endLine: loc.endLine })) }];
    case 'http': {
      const logical = { name: `${loc.method.toUpperCase()} ${loc.path}`, fullyQualifiedName: `${loc.method.toUpperCase()} ${loc.url}`, kind: 'resource' };
      const l: Json = { logicalLocations: [logical] };
      if (loc.spec) l.physicalLocation = physical(loc.spec.file, region(loc.spec.line ?? 1, { startColumn: loc.spec.column }));
      return [l];
    }
  }
}

function ruleName(id: string): string {
  return slugOf(id)
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join('');
}

function references(c: CheckMeta): string[] {
  return [...new Set([...c.references, ...c.cwe.map(cweUrl)])];
}

function helpMarkdown(c: CheckMeta): string {
  const parts = [c.description, '', `**Remediation:** ${c.remediation}`];
  const refs = references(c);
  if (c.owasp.length > 0) parts.push('', `**OWASP API Security Top 10 (2023):** ${c.owasp.map((o) => `${o} ${OWASP_API_2023[o] ?? ''}`.trim()).join(', ')}`);
  if (refs.length > 0) parts.push('', '**References:**', ...refs.map((r) => `- <${r}>`));
  parts.push('', `Documentation: \`${checkDocUrl(c.id)}\` in the Rampart package.`);
  return parts.join('\n');
}

function helpText(c: CheckMeta): string {
  const refs = references(c);
  return [c.description, '', `Remediation: ${c.remediation}`, ...(refs.length > 0 ? ['', 'References:', ...refs.map((r) => `- ${r}`)] : [])].join('\n');
}

function rule(c: CheckMeta): Json {
  const tags = [...new Set(['security', c.domain, ...c.owasp.map((o) => `OWASP-${o}`), ...c.cwe.map((w) => `external/cwe/${w.toLowerCase()}`)])];
  return {
    id: c.id,
    name: ruleName(c.id),
    shortDescription: { text: c.title },
    fullDescription: { text: c.description || c.title },
    help: { text: helpText(c), markdown: helpMarkdown(c) },
    ...(c.references[0] ? { helpUri: c.references[0] } : {}),
    defaultConfiguration: { level: sarifLevel(c.severity) },
    properties: {
      tags,
      precision: c.confidence === 'high' ? 'high' : c.confidence === 'medium' ? 'medium' : 'low',
      'security-severity': securitySeverity(c.severity),
      'problem.severity': c.severity === 'critical' || c.severity === 'high' ? 'error' : c.severity === 'medium' ? 'warning' : 'recommendation',
      severity: c.severity,
      domain: c.domain,
      owasp: c.owasp,
      cwe: c.cwe,
    },
  };
}

function traceLocation(step: TraceStep, i: number): Json {
  return {
    location: {
      physicalLocation: physical(step.file, region(step.line, { startColumn: step.column })),
      message: { text: step.message || step.kind },
    },
    kinds: [step.kind === 'step' ? 'taint' : step.kind],
    executionOrder: i + 1,
    importance: step.kind === 'step' ? 'important' : 'essential',
  };
}

function result(f: Finding, ruleIndex: number): Json {
  const ev = evidenceExcerpt(f, 300);
  const r: Json = {
    ruleId: f.checkId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: f.message || f.title },
    locations: sarifLocations(f.location),
    partialFingerprints: { 'rampartFingerprint/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      domain: f.domain,
      owasp: f.owasp,
      cwe: f.cwe,
      title: f.title,
      location: locationLabel(f.location),
      ...(f.location.kind === 'file' && f.location.commit ? { commit: f.location.commit } : {}),
      ...(f.location.kind === 'log' ? { time: f.location.time } : {}),
      ...(f.location.kind === 'http' ? { url: f.location.url } : {}),
      ...(ev ? { evidence: ev } : {}),
      remediation: f.remediation,
    },
  };
  const x = f.evidence?.exchanges?.[0];
  if (x) {
    r.webRequest = {
      protocol: 'HTTP',
      target: redactText(x.request.url),
      method: x.request.method,
      ...(x.request.headers ? { headers: redactHeaders(x.request.headers) } : {}),
      ...(x.request.body ? { body: { text: excerpt(redactText(x.request.body), BODY_MAX) } } : {}),
    };
    if (x.response) {
      r.webResponse = {
        protocol: 'HTTP',
        statusCode: x.response.status,
        ...(x.response.headers ? { headers: redactHeaders(x.response.headers) } : {}),
        ...(x.response.body ? { body: { text: excerpt(redactText(x.response.body), BODY_MAX) } } : {}),
      };
    }
  }
  if (f.evidence?.trace && f.evidence.trace.length > 0) {
    r.codeFlows = [{ message: { text: `${f.evidence.trace.length} steps` }, threadFlows: [{ locations: f.evidence.trace.map(traceLocation) }] }];
  }
  if (f.suppression) {
    r.suppressions = [{ kind: f.suppression.source.startsWith('inline') ? 'inSource' : 'external', status: 'accepted', justification: f.suppression.reason, properties: { source: f.suppression.source } }];
  }
  return r;
}

function notification(n: Notification, ruleIds: Map<string, number>, engine: string): Json {
  const out: Json = { level: n.level, message: { text: n.message }, descriptor: { id: n.code }, properties: { engine: n.engine ?? engine, ...(n.subject ? { subject: n.subject } : {}) } };
  if (n.checkId) {
    const idx = ruleIds.get(n.checkId);
    out.associatedRule = idx === undefined ? { id: n.checkId } : { id: n.checkId, index: idx };
  }
  if (n.subject && !/^[a-z][a-z0-9+.-]*:\/\//i.test(n.subject)) out.locations = [{ physicalLocation: physical(n.subject) }];
  return out;
}

function sarifRun(run: EngineRun, automationId: string, version: string): Json {
  const checks = runChecks(run.checks, run.findings);
  const ruleIds = new Map(checks.map((c, i) => [c.id, i]));
  return {
    tool: {
      driver: {
        name: 'rampart',
        fullName: `Rampart ${run.engine}`,
        version,
        semanticVersion: version,
        rules: checks.map(rule),
      },
    },
    automationDetails: { id: automationId, description: { text: `rampart ${run.engine} on ${run.target}` } },
    invocations: [
      {
        executionSuccessful: !run.notifications.some((n) => n.level === 'error' && !n.checkId),
        startTimeUtc: run.startedAt,
        endTimeUtc: run.finishedAt,
        toolExecutionNotifications: run.notifications.map((n) => notification(n, ruleIds, run.engine)),
        properties: { target: run.target, stats: run.stats },
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the analysed project.' } } },
    columnKind: 'utf16CodeUnits',
    results: run.findings.map((f) => result(f, ruleIds.get(f.checkId)!)),
    properties: { engine: run.engine, target: run.target, ...(run.extras ? { extras: run.extras } : {}) },
  };
}

/**
 * SARIF 2.1.0: one run per engine run, each with its own `automationDetails.id` (GitHub code scanning
 * keeps one analysis per tool and category, so runs must not share it).
 */
export function sarifLog(report: Report): Json {
  const seen = new Map<string, number>();
  const runs = report.runs.map((r) => {
    const n = (seen.get(r.engine) ?? 0) + 1;
    seen.set(r.engine, n);
    return sarifRun(r, n === 1 ? `rampart/${r.engine}/` : `rampart/${r.engine}-${n}/`, report.tool.version);
  });
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs };
}

/** The SARIF log of a report as text (see {@link sarifLog}). */
export function renderSarif(report: Report): string {
  return `${JSON.stringify(sarifLog(report), null, 2)}\n`;
}
