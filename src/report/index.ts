import type { Report } from '../core/report.js';
import { renderConsole } from './console.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, sarifLog } from './sarif.js';
import { stringifyParts } from './json-parts.js';

/** The output formats the CLI knows. */
export const FORMATS = ['console', 'json', 'sarif', 'junit', 'html', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** File name used for each format when writing into `--out DIR`. */
export const FILE_NAMES: Readonly<Record<Format, string>> = {
  console: 'report.txt',
  json: 'report.json',
  sarif: 'report.sarif',
  junit: 'report.junit.xml',
  html: 'report.html',
  markdown: 'report.md',
};

export interface RenderOptions {
  /** ANSI colours (console only). */
  readonly color?: boolean;
}

/** Render a report in one format. Pure. */
export function renderReport(report: Report, format: Format, opts: RenderOptions = {}): string {
  switch (format) {
    case 'console':
      return renderConsole(report, { color: opts.color });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'html':
      return renderHtml(report);
    case 'markdown':
      return renderMarkdown(report);
  }
}

/**
 * Render a report in one format as a run of text parts, whose concatenation is exactly
 * {@link renderReport}'s text: JSON and SARIF come in parts so a large report is never one string
 * (src/report/json-parts.ts); the other formats are one part.
 */
export function renderReportParts(report: Report, format: Format, emit: (part: string) => void, opts: RenderOptions = {}): void {
  if (format === 'json' || format === 'sarif') {
    stringifyParts(format === 'json' ? report : sarifLog(report), emit);
    emit('\n');
    return;
  }
  emit(renderReport(report, format, opts));
}

export { renderConsole, renderHtml, renderJson, renderJunit, renderMarkdown, renderSarif };
export { REPORT_SCHEMA, isReport, reportProblems } from './schema.js';
export { sarifLevel, securitySeverity, locationLabel } from './util.js';
