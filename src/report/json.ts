import type { Report } from '../core/report.js';

/** The JSON report (docs/report-format.md). */
export function renderJson(report: Report): string {
  return `${renderJsonBody(report)}\n`;
}

/**
 * The JSON report without its final newline: one flat string. Joining the newline to a large text
 * makes a two-part string that V8 copies into a new flat one (5 MB for a large spec audit) the first
 * time it is read, so a writer that sends the newline on its own saves that copy.
 */
export function renderJsonBody(report: Report): string {
  return JSON.stringify(report, null, 2);
}
