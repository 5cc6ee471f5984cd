import type { Report } from '../core/report.js';

/** The JSON report (docs/report-format.md). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
