import type { Report } from '../core/report.js';
import { renderJson } from './json.js';

/** The output formats the CLI knows. */
export const FORMATS = ['console', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** File name used for each format when writing into `--out DIR`. */
export const FILE_NAMES: Readonly<Record<Format, string>> = {
  console: 'report.txt',
  json: 'report.json',
};

export interface RenderOptions {
  /** ANSI colours (console only). */
  readonly color?: boolean;
}

/** Render a report in one format. Pure. */
export function renderReport(report: Report, format: Format, _opts: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'console':
      return renderJson(report);
  }
}
